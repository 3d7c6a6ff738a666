"""Placeholders for the parts of a shared page that differ per reader.

A page rendered for the cache carries a placeholder where a per-request value goes (the
CSRF token, and whatever other kinds are registered: the comment form's signed
timestamp), and every request the page is served to gets the values filled in.
"""

import contextlib
import contextvars
import functools
import re

from django.conf import settings
from django.utils.crypto import salted_hmac

from .csrf import get_token

_rendering_for_cache = contextvars.ContextVar("rendering_for_cache", default=False)

# What fills each kind of placeholder: fill(request, arg) returns the text for this request.
# Other parts of the site register theirs (the comment form's timestamp, in apps.py), so
# the page cache knows nothing of them.
_fillers = {"csrf": lambda request, arg: get_token(request)}


def register(kind, fill):
    """Fill placeholders of `kind` (a word) with `fill(request, arg)` on every request."""
    _fillers[kind] = fill


def registered():
    """Every kind of placeholder and what fills it now: {kind: fill(request, arg)} (a front
    cache wraps them to leave the parts to Edge Side Includes)."""
    return dict(_fillers)


@contextlib.contextmanager
def rendering_for_cache():
    """While a page is rendered for the cache, per-request values become placeholders."""
    reset = _rendering_for_cache.set(True)
    try:
        yield
    finally:
        _rendering_for_cache.reset(reset)


@functools.cache
def _placeholder_secret(secret_key):
    # Derived from SECRET_KEY, so every app server writes and recognises the same text,
    # and no reader can type it into a comment.
    return salted_hmac("pagecache", "placeholder", secret=secret_key).hexdigest()[:24]


def placeholder(kind, arg=""):
    return f"pagecache-{kind}-{arg}-{_placeholder_secret(settings.SECRET_KEY)}"


def placeholder_if_caching(kind, arg=""):
    """The placeholder to render instead of a per-request value, or None when not caching."""
    return placeholder(kind, arg) if _rendering_for_cache.get() else None


def _placeholder_pattern():
    kinds = "|".join(re.escape(kind) for kind in sorted(_fillers)).encode()
    return re.compile(
        rb"pagecache-(" + kinds + rb")-(\d*)-" + _placeholder_secret(settings.SECRET_KEY).encode()
    )


def split_placeholders(content):
    """The page as a list: bytes, with (kind, arg) tuples where a per-reader value goes.

    Done once when the page is stored, so a hit joins the parts instead of searching the
    whole page for placeholders again.
    """
    parts, position = [], 0
    for match in _placeholder_pattern().finditer(content):
        parts += [content[position : match.start()], (match.group(1), match.group(2))]
        position = match.end()
    parts.append(content[position:])
    return parts


def fill_placeholders(content, request):
    return join(split_placeholders(content), request)


def join(parts, request):
    def value(kind, arg):
        return _fillers[kind.decode()](request, arg.decode()).encode()

    return b"".join(part if isinstance(part, bytes) else value(*part) for part in parts)


def context(request):
    """Context processor: the CSRF token of a page rendered for the cache is a placeholder.

    It comes after Django's built-in csrf processor, so its value wins.
    """
    token = placeholder_if_caching("csrf")
    return {"csrf_token": token} if token else {}
