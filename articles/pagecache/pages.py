"""The ``public_page`` decorator: pages stored whole in the shared cache and served from it.

A page records the content generation it was rendered in (``generation``) and is served
only while that generation is current, with its per-reader parts filled in
(``placeholders``); each process also keeps its own copies of the pages (``local``).
"""

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

from . import generation
from .generation import CACHE_ERRORS, GENERATION_KEY, bump, changes_at, enabled, generation_time
from .local import local_copies
from .placeholders import fill_placeholders, join, rendering_for_cache, split_placeholders

logger = logging.getLogger("articles.pagecache")

# Requests with longer addresses (long search queries, say) are served but not stored.
MAX_CACHED_PATH = 500
# Cookies that do not make a page personal: the CSRF cookie's token is filled in per request.
SHARED_COOKIES = {settings.CSRF_COOKIE_NAME}
# Headers of a view's response that are kept with the page.
DROPPED_HEADERS = {"vary", "cache-control", "expires", "etag", "last-modified", "content-length"}


def cacheable_request(request):
    return (
        enabled()
        and request.method in {"GET", "HEAD"}
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


def _entry(response, token, ends_at):
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
        last_modified = int(generation_time(token))
        headers["Cache-Control"] = "no-cache"
        headers["Last-Modified"] = http_date(last_modified)
        headers["ETag"] = quote_etag(etag)
    return {
        "token": token,
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
    return get_conditional_response(
        request, etag=etag, last_modified=entry["last_modified"], response=response
    )


def _render(view, request, args, kwargs):
    with rendering_for_cache():
        # Pages for everyone are read from the primary: replication lag must not be frozen
        # into the cache.
        pin_to_primary()
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        return response


def public_page(view):
    """Decorator for views whose page is the same for every anonymous reader."""

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        if not cacheable_request(request):
            return view(request, *args, **kwargs)
        try:
            generation.record_missed_bump()
            return _cached(view, request, args, kwargs)
        except CACHE_ERRORS:
            # The site stays up without its cache: the page is rendered for this request.
            logger.exception("Page cache unavailable; serving %s uncached", request.path)
            return view(request, *args, **kwargs)

    return cached_view


def _cached(view, request, args, kwargs, timed_out=False):
    page_key = _page_key(request)
    # A hit is one round trip to the cache: the generation token alone when this process
    # holds a copy of the page, else the token and the page together. A page records the
    # generation it was rendered in; from any other it is stale.
    token = None
    entry = local_copies.get(page_key)
    if entry is not None and entry["token"] != cache.get(GENERATION_KEY):
        entry = None
    if entry is None:
        found = cache.get_many([GENERATION_KEY, page_key])
        token = found.get(GENERATION_KEY) or generation.generation()
        entry = found.get(page_key)
        if entry is not None and entry.get("token") == token:
            local_copies.put(page_key, entry)
        else:
            entry = None
    ends_at = entry["changes_at"] if entry is not None else changes_at(token)
    if ends_at and time.time() >= ends_at and not timed_out:
        # A scheduled article went live or comments closed somewhere: a new generation.
        bump()
        return _cached(view, request, args, kwargs, timed_out=True)
    if entry is not None:
        return _serve(entry, request, hit=True)
    response = _render(view, request, args, kwargs)
    if not _storable(response):
        if not response.streaming:
            response.content = fill_placeholders(response.content, request)
        return response
    entry = _entry(response, token, ends_at)
    timeout = settings.PAGE_CACHE_TIMEOUT
    if ends_at:
        timeout = max(1, min(timeout, int(ends_at - time.time()) + 1))
    cache.set(page_key, entry, timeout=timeout)
    local_copies.put(page_key, entry)
    return _serve(entry, request, hit=False)
