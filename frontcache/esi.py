"""Per-reader parts of a shared page as Edge Side Includes.

The page cache renders the parts of a page that differ per reader (the CSRF token, the
comment form's signed timestamp) as placeholders and fills them in for each reader. Behind
a cache that assembles ESI (Varnish says so in ``Surrogate-Capability``), each placeholder
becomes an ``<esi:include>`` of a small fragment instead: the page itself is then the same
for everyone and the cache keeps it, while the fragments are fetched for each reader, with
the reader's cookies, and never stored.
"""

import functools
import ipaddress

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_safe

from . import pagesource

# What filled each kind of placeholder before this app wrapped it.
_fill_in_app = {}


@functools.lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _from_trusted_proxy(request):
    try:
        remote = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(remote in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def requested(request):
    """True when the request came through a front cache that will assemble ESI.

    Believed only from TRUSTED_PROXIES (the VCL also drops a client's own header): a page
    of raw include tags must never reach a reader, or a cache that does not assemble them.
    """
    return (
        settings.FRONT_CACHE_S_MAXAGE > 0
        and "ESI/1.0" in request.META.get("HTTP_SURROGATE_CAPABILITY", "")
        and _from_trusted_proxy(request)
    )


def used(request):
    """True when this request's page holds ESI includes."""
    return getattr(request, "frontcache_esi", False)


def _esi_or(kind, fill):
    def fill_or_include(request, arg):
        if not requested(request):
            return fill(request, arg)
        request.frontcache_esi = True
        args = [kind, arg] if arg else [kind]
        # Single quotes: the tag may sit inside an attribute's double quotes (value="...").
        return f"<esi:include src='{escape(reverse('frontcache:fragment', args=args))}'/>"

    return fill_or_include


def wrap_placeholders():
    for kind, fill in pagesource.registered_fillers().items():
        if kind not in _fill_in_app:
            _fill_in_app[kind] = fill
            pagesource.register_filler(kind, _esi_or(kind, fill))


@require_safe
def fragment(request, kind, arg=""):
    """One per-reader part, for the front cache to put into a shared page.

    For a reader who holds a cookie (the CSRF cookie, at least) it is theirs alone and no
    cache may keep it. For readers with no cookie at all it is the same for everyone for a
    few seconds (``FRONT_CACHE_FRAGMENT_SECONDS``), so that the front cache answers their
    page views without asking the app: their CSRF token matches no cookie (Varnish would
    drop the cookie anyway), and their first post is checked by its Origin instead (see
    csrf.py); the form token's signed time is then up to that many seconds older than the
    page view, which the form's minimum age of a few seconds tolerates.
    """
    fill = _fill_in_app.get(kind)
    if fill is None:
        raise Http404("No such fragment.")
    response = HttpResponse(fill(request, str(arg)), content_type="text/html; charset=utf-8")
    seconds = settings.FRONT_CACHE_FRAGMENT_SECONDS
    if not request.COOKIES and seconds > 0:
        # No cookie for the CSRF token either: a shared answer carries no Set-Cookie.
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
        response["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"
    else:
        response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
