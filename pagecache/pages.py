"""The ``public_page`` decorator: pages stored whole in the shared cache and served from it.

A page records the keys it depends on (collected while it renders) with their versions
(``versions``), and is served only while every version is still current, with its
per-reader parts filled in (``placeholders``); each process also keeps its own copies of
the pages (``local``), so that a hit is one round trip to the cache: the versions alone.
"""

import contextlib
import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from newsarchive.db_router import pin_to_primary

from . import renderlock, timed, versions
from .dependencies import collecting
from .fragments import rendering_to_store
from .local import local_copies
from .placeholders import fill_placeholders, join, rendering_for_cache, split_placeholders
from .versions import CACHE_ERRORS, LAST_KEY, enabled, token_time, version_key

logger = logging.getLogger("pagecache")

# Requests with longer addresses (long search queries, say) are served but not stored.
MAX_CACHED_PATH = 500
# Cookies that do not make a page personal: the CSRF cookie's token is filled in per request.
SHARED_COOKIES = {settings.CSRF_COOKIE_NAME}
# Headers of a view's response that are kept with the page.
DROPPED_HEADERS = {"vary", "cache-control", "expires", "etag", "last-modified", "content-length"}


def shareable_request(request):
    """A request whose page is the same for every anonymous reader."""
    return (
        request.method in {"GET", "HEAD"}
        and not (set(request.COOKIES) - SHARED_COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
        and len(request.get_full_path()) <= MAX_CACHED_PATH
    )


def _page_key(request):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"pagecache:page:{hashlib.sha256(address.encode()).hexdigest()}"


def _storable(response):
    return (
        response.status_code in {200, 301}
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def _entry(response, keys, tokens, ends_at):
    """What is stored for a page: everything a hit needs, worked out once."""
    content = response.content
    parts = split_placeholders(content)
    personal = len(parts) > 1
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in DROPPED_HEADERS
    }
    headers["Vary"] = "Cookie"
    etag = hashlib.sha256(content).hexdigest()[:32]
    last_modified = None
    if personal:
        # The page holds this reader's CSRF token and a timed form token: its ETag is tied
        # to the reader's CSRF cookie and renewed every quarter of the form's lifetime (see
        # _serve), and it has no Last-Modified: a date alone cannot tell one reader's copy
        # from another's.
        headers["Cache-Control"] = "no-cache, private"
    else:
        # The latest change of anything on the page.
        last_modified = int(max((token_time(token) for token in tokens), default=time.time()))
        headers["Cache-Control"] = "no-cache"
        headers["Last-Modified"] = http_date(last_modified)
        headers["ETag"] = quote_etag(etag)
    return {
        "keys": keys,
        "tokens": tokens,
        "changes_at": ends_at,
        "status": response.status_code,
        "headers": headers,
        "parts": parts if personal else None,
        "content": None if personal else content,
        "etag": etag,
        "last_modified": last_modified,
    }


def _serve(entry, request, hit):
    headers = entry["headers"]
    content = entry["content"] if entry["parts"] is None else join(entry["parts"], request)
    if entry["status"] == 301:
        response = HttpResponsePermanentRedirect(headers["Location"], content=content)
    else:
        response = HttpResponse(content, status=entry["status"])
    for name, value in headers.items():
        response[name] = value
    # For operators (access logs) and tests: whether the page came from the cache.
    response["X-Page-Cache"] = "hit" if hit else "miss"
    etag = headers.get("ETag")
    if etag is None:
        window = max(60, settings.COMMENTS_FORM_MAX_AGE // 4)
        secret = request.META.get("CSRF_COOKIE", "")
        mixed = f"{entry['etag']}:{secret}:{int(time.time() // window)}"
        etag = response["ETag"] = quote_etag(hashlib.sha256(mixed.encode()).hexdigest()[:32])
    response = get_conditional_response(
        request, etag=etag, last_modified=entry["last_modified"], response=response
    )
    response.page_keys = entry["keys"]
    return response


def _render(view, request, args, kwargs, stored=True):
    """The view's response, rendered, with the sorted keys of everything it showed."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(rendering_for_cache())
        keys = stack.enter_context(collecting())
        if stored:
            # Pages for everyone are read from the primary: replication lag must not be
            # frozen into the cache.
            pin_to_primary()
            stack.enter_context(rendering_to_store())
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
    return response, tuple(sorted(keys))


def public_page(view):
    """Decorator for views whose page is the same for every anonymous reader."""

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        if not shareable_request(request):
            return view(request, *args, **kwargs)
        if enabled():
            try:
                versions.record_missed_bumps()
                return _cached(view, request, args, kwargs)
            except CACHE_ERRORS:
                # The site stays up without its cache: the page is rendered for this request.
                logger.exception("Page cache unavailable; serving %s uncached", request.path)
        response, keys = _render(view, request, args, kwargs, stored=False)
        if not response.streaming:
            response.content = fill_placeholders(response.content, request)
        response.page_keys = keys
        return response

    return cached_view


def _current(entry, last):
    """Whether every key of a stored page still has the version it was rendered with.

    `last` is the token of the latest change of any key, read before the versions. While
    it is the one the page was last checked under, nothing changed: no versions to read.
    """
    if entry is None:
        return False
    if last is not None and entry.get("checked_under") == last:
        return True
    names = [LAST_KEY, *(version_key(key) for key in entry["keys"])]
    found = cache.get_many(names)
    current = all(
        found.get(name) == token for name, token in zip(names[1:], entry["tokens"], strict=True)
    )
    if current and found.get(LAST_KEY) is not None:
        # Writers set LAST_KEY before the versions, so the versions read after it were
        # current under it at least (a copy per process: the shared one stays as stored).
        entry["checked_under"] = found[LAST_KEY]
    return current


def _fresh_entry(page_key):
    """The stored page if every key still has its version, and the token of the latest
    change (read before the versions)."""
    # A hit is one round trip to the cache while nothing changed since this process last
    # checked its copy of the page: the token of the latest change. After a change, the
    # versions of the page's keys are read once more. Without a copy here, the shared copy
    # comes with the token.
    entry = local_copies.get(page_key)
    last = None
    if entry is not None:
        last = cache.get(LAST_KEY)
        if not _current(entry, last):
            entry = None
    if entry is None:
        found = cache.get_many([LAST_KEY, page_key])
        last, entry = found.get(LAST_KEY), found.get(page_key)
        if _current(entry, last):
            local_copies.put(page_key, entry)
        else:
            entry = None
    if entry is not None and entry["changes_at"] and time.time() >= entry["changes_at"]:
        # Its moment to change by itself came (a scheduled article went live somewhere, or
        # comments closed): rendered again, once the keys due are touched.
        entry = None
    return entry, last


def _cached(view, request, args, kwargs):
    page_key = _page_key(request)
    entry, last = _fresh_entry(page_key)
    if entry is not None:
        return _serve(entry, request, hit=True)
    # A miss: one request renders while the others wait for its page (renderlock.py).
    deadline = time.monotonic() + settings.PAGE_CACHE_RENDER_WAIT
    while True:
        token = renderlock.acquire(page_key)
        if token is not None:
            storable = False
            try:
                response, storable = _render_and_store(view, request, args, kwargs, page_key, last)
                return response
            finally:
                renderlock.release(page_key, token, storable)
        if not renderlock.wait(page_key, deadline) or time.monotonic() >= deadline:
            return _render_and_store(view, request, args, kwargs, page_key, last)[0]
        entry, last = _fresh_entry(page_key)
        if entry is not None:
            return _serve(entry, request, hit=True)


def _render_and_store(view, request, args, kwargs, page_key, last):
    """Render the page and store it, unless anything changed since ``last`` was read.
    Returns the response and whether it is one the cache stores at all."""
    ends_at, last = timed.next_change(last)
    response, keys = _render(view, request, args, kwargs)
    if not _storable(response):
        if not response.streaming:
            response.content = fill_placeholders(response.content, request)
        response.page_keys = keys
        return response, False
    tokens = versions.current(keys)
    entry = _entry(response, keys, tokens, ends_at)
    if _unchanged_since(last):
        entry["checked_under"] = last
        timeout = settings.PAGE_CACHE_TIMEOUT
        if ends_at:
            timeout = max(1, min(timeout, int(ends_at - time.time()) + 1))
        cache.set(page_key, entry, timeout=timeout)
        local_copies.put(page_key, entry)
    return _serve(entry, request, hit=False), True


def _unchanged_since(last):
    """Whether no key changed since `last` was read, before the render read its data.

    The versions recorded for the page were read after the render: a write that
    committed in between would otherwise be recorded as seen. Writers set ``LAST_KEY``
    before the keys' versions, so a new version read means a new ``LAST_KEY`` read after it.
    """
    now = cache.get(LAST_KEY)
    return now is not None and now == last
