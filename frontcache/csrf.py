"""A reader's first post from a page the front cache served.

Django's CSRF check compares the form's token with the reader's CSRF cookie. Behind the
front cache the form's token comes from an ESI fragment, and Varnish drops the
``Set-Cookie`` of a fragment: a reader who has no cookie of ours yet (their first visit)
posts a token with no cookie to match, and Django would refuse it.

For that request only, the browser's own word replaces the cookie: a browser sends
``Origin`` with every POST and pages cannot forge it, so a post whose Origin is this site
(and whose ``Sec-Fetch-Site``, when sent, is ``same-origin``) was sent by one of our own
pages, which is what the CSRF cookie proves. It applies only when the request carries no
cookie at all (no session, so nobody's rights can be borrowed; staff always have a session
and a CSRF cookie) and only to the forms listed in ``FRONT_CACHE_FIRST_VISIT_FORMS``.
A post without Origin, from another origin, or with any cookie gets Django's check,
unchanged. The answer then sets the CSRF cookie, so the reader's next post is ordinary.
"""

import re

from django.conf import settings

from pagecache.csrf import get_token

# A token as Django puts it in a form: 64 letters and digits.
_FORM_TOKEN = re.compile(r"[a-zA-Z0-9]{64}")


def same_origin(request):
    """True when the browser says the request was sent by a page of this very site."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    origin = request.META.get("HTTP_ORIGIN")
    if not origin:
        return False
    return origin == f"{request.scheme}://{request.get_host()}" or (
        origin in settings.CSRF_TRUSTED_ORIGINS
    )


class FirstVisitCsrfMiddleware:
    """Placed just before Django's CsrfViewMiddleware, whose check then passes or fails
    as usual: this only supplies the missing cookie for a first-visit post (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.COOKIES or settings.CSRF_USE_SESSIONS:
            return None
        match = request.resolver_match
        if match is None or match.view_name not in settings.FRONT_CACHE_FIRST_VISIT_FORMS:
            return None
        # get_host() refuses a host not in ALLOWED_HOSTS before anything is read.
        if not same_origin(request):
            return None
        token = request.POST.get("csrfmiddlewaretoken", "")
        if not _FORM_TOKEN.fullmatch(token):
            return None
        # The token stands in for the cookie the fragment could not set (Django reads a
        # 64-character cookie as a masked secret, as before Django 4.0)...
        request.COOKIES[settings.CSRF_COOKIE_NAME] = token
        # ...and the answer sets a new CSRF cookie of the ordinary kind.
        get_token(request)
        return None
