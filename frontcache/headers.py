"""Headers that let a shared cache keep the pages every anonymous reader shares."""

from django.conf import settings

from . import esi, pagesource

# Below Varnish's default limit for one response header (http_resp_hdr_len, 8 KB: a longer
# one fails the fetch) and Fastly's 16 KB for Surrogate-Key: a page with more keys than fit
# is not shared by the front cache (the page cache still has it).
MAX_KEYS_BYTES = 8000


def shared_cache_control(seconds):
    return (
        f"public, max-age=0, s-maxage={seconds}, "
        f"stale-while-revalidate={settings.FRONT_CACHE_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={settings.FRONT_CACHE_STALE_IF_ERROR}"
    )


def _lifetime():
    seconds = settings.FRONT_CACHE_S_MAXAGE
    until_change = pagesource.seconds_until_change()
    return seconds if until_change is None else min(seconds, until_change)


class SharedCacheHeadersMiddleware:
    """For a page the page cache shares (it knows the page's dependency keys):
    ``Cache-Control`` with ``s-maxage`` for shared caches while browsers still revalidate
    (``max-age=0``), and the keys in ``xkey`` (Varnish) and ``Surrogate-Key`` (CDNs).

    A page whose per-reader parts were filled in for this reader stays private; one whose
    parts were left to the front cache as ESI fragments is the same for everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.FRONT_CACHE_S_MAXAGE <= 0 or request.method not in {"GET", "HEAD"}:
            return response
        if response.status_code not in {200, 301} or response.cookies:
            return response
        keys = pagesource.page_keys(response)
        if not keys:
            return response
        header = " ".join(keys)
        if len(header) > MAX_KEYS_BYTES:
            return response
        if esi.used(request):
            # The body holds <esi:include> tags: the cache must assemble it per reader, and
            # a validator of the shell says nothing about the fragments inside.
            response["Surrogate-Control"] = 'content="ESI/1.0"'
            del response["ETag"]
            del response["Last-Modified"]
        elif "private" in response.get("Cache-Control", ""):
            return response
        seconds = _lifetime()
        if seconds <= 0:
            return response
        response["Cache-Control"] = shared_cache_control(seconds)
        response["xkey"] = header
        response["Surrogate-Key"] = header
        return response
