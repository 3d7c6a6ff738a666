"""A reader's CSRF token, made as Django's ``get_token`` makes it, in a tenth of the time.

Every page with a form served from the cache carries a token masked afresh for its reader
(Django's defence against BREACH), and a reader without the cookie gets a new secret too.
``django.middleware.csrf.get_token`` draws each of those 64 random characters with
``secrets.choice``, one ``os.urandom`` call each: on a cached hit of an article page that
was most of the time the hit took beyond the home page's (bench/README.md). Here each
string comes from one ``os.urandom`` read, bytes past the last whole multiple of 62 thrown
away so that every character stays equally likely.

The token and ``request.META`` are what ``get_token`` leaves (the secret in
``CSRF_COOKIE``, ``CSRF_COOKIE_NEEDS_UPDATE`` set), so Django's CsrfViewMiddleware sets
the cookie, or the session, and checks the token as it always does.
"""

import os

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_BASE = len(CSRF_ALLOWED_CHARS)
# Bytes from here up would make the first 256 % 62 characters likelier than the others.
_LIMIT = 256 - 256 % _BASE
_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}


def _random_indexes(count):
    indexes = []
    while len(indexes) < count:
        # A few spare bytes, so one read nearly always suffices (6 of 62 are thrown away).
        indexes += [byte % _BASE for byte in os.urandom(count + 8) if byte < _LIMIT]
    return indexes[:count]


def get_token(request):
    """The masked CSRF token for a form on this request's page; see the module's note."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = "".join(CSRF_ALLOWED_CHARS[i] for i in _random_indexes(CSRF_SECRET_LENGTH))
        request.META["CSRF_COOKIE"] = secret
    # Sent again in the answer, as get_token does, to renew its expiry.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_indexes(CSRF_SECRET_LENGTH)
    cipher = (
        CSRF_ALLOWED_CHARS[(_INDEX[char] + shift) % _BASE]
        for char, shift in zip(secret, mask, strict=True)
    )
    return "".join(CSRF_ALLOWED_CHARS[i] for i in mask) + "".join(cipher)
