"""Whole pages cached for anonymous readers, invalidated exactly.

Every cached page records the *content generation* it was rendered in, a token kept in
the shared cache, and is used only while that token is current. Any write to the
archive's tables (articles, comments, tags, slugs, the search index) replaces the token,
so the very next request for any page misses and is rendered from the database: there is
no list of pages to purge, hence none to forget. A hit is one round trip: the token and
the page come together, or the token alone when this process kept a copy of the page.

The writes are seen at the lowest level, the SQL statements themselves (a connection
wrapper), so admin bulk actions, ``QuerySet.update()``, cascades, importers and
management commands all count, not only ``Model.save()``. A new token is set when the
statement runs and again when its transaction commits, so a page rendered from data that
was not committed yet never outlives the commit. Writes to articles and tags also start a
new *archive generation*, which comments leave alone (see archive_generation()).

Pages change with time too: a scheduled article goes live, comments close N days after
publication. The first request of each generation looks up when the next such moment is,
and the generation ends then.

Only readers without cookies share pages (the CSRF cookie aside): a reader with a session,
their own pending comment, a saved name, a flash message or a pin to the primary database
gets their page rendered for them. The two parts of a shared page that must differ per
reader, the CSRF token and the comment form's signed timestamp, are cached as
placeholders and filled in on every request.

With a per-process cache (local memory, the default) one process cannot invalidate
another's pages, so the page cache is on only with a shared cache (``PAGE_CACHE_TIMEOUT``).
"""

import collections
import contextvars
import functools
import hashlib
import logging
import re
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response
from django.utils.crypto import salted_hmac
from django.utils.http import http_date, quote_etag

from newsarchive.db_router import pin_to_primary

try:
    from redis import RedisError
except ImportError:  # pragma: no cover - redis-py is a pinned requirement
    RedisError = OSError

logger = logging.getLogger(__name__)
# What a cache that does not answer raises (refused or reset connections, timeouts).
CACHE_ERRORS = (OSError, RedisError)

GENERATION_KEY = "pagecache:generation"
ARCHIVE_KEY = "pagecache:archive"
# The tables whose writes start a new archive generation as well.
ARCHIVE_TABLES = frozenset({"articles_article", "articles_taggedarticle", "taggit_tag"})
# Requests with longer addresses (long search queries, say) are served but not stored.
MAX_CACHED_PATH = 500
# Cookies that do not make a page personal: the CSRF cookie's token is filled in per request.
SHARED_COOKIES = {settings.CSRF_COOKIE_NAME}
# Headers of a view's response that are kept with the page.
DROPPED_HEADERS = {"vary", "cache-control", "expires", "etag", "last-modified", "content-length"}

_rendering_for_cache = contextvars.ContextVar("rendering_for_cache", default=False)


# The content generation.


def _new_token():
    return f"{time.time():.6f}-{secrets.token_hex(6)}"


def enabled():
    return settings.PAGE_CACHE_TIMEOUT > 0


# A new generation this process could not record (the cache did not answer): it is tried
# again before this process serves another cached page.
_unrecorded_bump = False


def bump(keys=(GENERATION_KEY,)):
    """Start a new generation: every page cached so far is out of reach.

    A cache that does not answer must not make the write that caused the change fail:
    the failure is logged, and the next request tries again before using the cache.
    """
    global _unrecorded_bump
    try:
        cache.set_many(dict.fromkeys(keys, _new_token()), timeout=None)
    except Exception:
        _unrecorded_bump = True
        logger.exception("Page cache: could not start a new content generation")
    else:
        _unrecorded_bump = False


def bump_archive():
    """A new generation of the pages and of the archive's articles and tags (see below)."""
    bump((GENERATION_KEY, ARCHIVE_KEY))


def _current(key):
    token = cache.get(key)
    if token is None:
        # Evicted or never set: a fresh token, never an old one, so no old page comes back.
        token = _new_token()
        if not cache.add(key, token, timeout=None):
            token = cache.get(key) or token
    return token


def generation():
    return _current(GENERATION_KEY)


def archive_generation():
    """A token that changes with every write to articles or tags, not with comments.

    For what is costly to work out and depends on articles and tags alone (the count of
    every tag's articles), so that approving a comment does not throw it away.
    """
    return _current(ARCHIVE_KEY)


def generation_time(token):
    return float(token.split("-", 1)[0])


# Seeing writes: every INSERT, UPDATE or DELETE on the archive's tables.

_WRITE = re.compile(
    r"""^\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+["`]?"""
    r"""((?:articles|taggit)_\w+)""",
    re.IGNORECASE,
)


def _flat(params):
    for value in params or ():
        if isinstance(value, list | tuple):
            yield from value
        else:
            yield value


def written_table(sql, params):
    """The archive table a statement changes public content in, or None."""
    match = _WRITE.match(sql)
    if not match:
        return None
    verb, table = match.group(1).split()[0].upper(), match.group(2).lower()
    if verb == "INSERT" and table == "articles_comment":
        # A new comment waiting for moderation (or spam) shows on no shared page; a flood
        # of them must not empty the cache. An approved one does.
        return table if any(value == "approved" for value in _flat(params)) else None
    return table


def _schedule_bump(connection, new_generation):
    new_generation()
    if connection.in_atomic_block and not any(
        func is new_generation for _, func, _ in connection.run_on_commit
    ):
        transaction.on_commit(new_generation, using=connection.alias)


def watch_writes(sender, connection, **kwargs):
    """connection_created receiver: wrap the new connection's statements."""

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if enabled():
            table = written_table(sql, params)
            if table is not None:
                _schedule_bump(connection, bump_archive if table in ARCHIVE_TABLES else bump)
        return result

    connection.execute_wrappers.append(wrapper)


# When does the next page change by itself?


def next_publication(now):
    """When the next scheduled article goes live (None: none is scheduled)."""
    from django.db.models import Min

    from .models import Article

    return Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now).aggregate(
        m=Min("published_at")
    )["m"]


def next_timed_change():
    """The epoch time of the next scheduled publication or comment closing, or 0."""
    from django.db.models import Min
    from django.utils import timezone

    from .models import Article

    now = timezone.now()
    moments = [next_publication(now)]
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days > 0:
        window = timezone.timedelta(days=days)
        oldest_open = (
            Article.objects.published()
            .filter(allow_comments=True, published_at__gt=now - window)
            .aggregate(m=Min("published_at"))["m"]
        )
        moments.append(oldest_open and oldest_open + window)
    moments = [moment.timestamp() for moment in moments if moment]
    return min(moments) if moments else 0


# Placeholders for the parts that differ per request.


@functools.cache
def _placeholder_secret(secret_key):
    # Derived from SECRET_KEY, so every app server writes and recognises the same text,
    # and no reader can type it into a comment.
    return salted_hmac("articles.pagecache", "placeholder", secret=secret_key).hexdigest()[:24]


def placeholder(kind, arg=""):
    return f"pagecache-{kind}-{arg}-{_placeholder_secret(settings.SECRET_KEY)}"


def placeholder_if_caching(kind, arg=""):
    """The placeholder to render instead of a per-request value, or None when not caching."""
    return placeholder(kind, arg) if _rendering_for_cache.get() else None


def _placeholder_pattern():
    return re.compile(
        rb"pagecache-(csrf|formtoken)-(\d*)-" + _placeholder_secret(settings.SECRET_KEY).encode()
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
    return _join(split_placeholders(content), request)


def _join(parts, request):
    from .comments.spam import form_token_for_article

    def value(kind, arg):
        if kind == b"csrf":
            return get_token(request).encode()
        return form_token_for_article(int(arg)).encode()

    return b"".join(part if isinstance(part, bytes) else value(*part) for part in parts)


def context(request):
    """Context processor: the CSRF token of a page rendered for the cache is a placeholder.

    It comes after Django's built-in csrf processor, so its value wins.
    """
    token = placeholder_if_caching("csrf")
    return {"csrf_token": token} if token else {}


# The cache itself.


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


def _entry(response, token, changes_at):
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
        "changes_at": changes_at,
        "status": response.status_code,
        "headers": headers,
        "parts": parts if personal else None,
        "content": None if personal else content,
        "etag": etag,
        "last_modified": last_modified,
    }


def _serve(entry, request, hit):
    headers = entry["headers"]
    content = entry["content"] if entry["parts"] is None else _join(entry["parts"], request)
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
    reset = _rendering_for_cache.set(True)
    try:
        # Pages for everyone are read from the primary: replication lag must not be frozen
        # into the cache.
        pin_to_primary()
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        return response
    finally:
        _rendering_for_cache.reset(reset)


def public_page(view):
    """Decorator for views whose page is the same for every anonymous reader."""

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        if not cacheable_request(request):
            return view(request, *args, **kwargs)
        try:
            if _unrecorded_bump:
                bump_archive()
                if _unrecorded_bump:
                    raise ConnectionError("the cache still does not answer")
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
        token = found.get(GENERATION_KEY) or generation()
        entry = found.get(page_key)
        if entry is not None and entry.get("token") == token:
            local_copies.put(page_key, entry)
        else:
            entry = None
    changes_at = entry["changes_at"] if entry is not None else _changes_at(token)
    if changes_at and time.time() >= changes_at and not timed_out:
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
    entry = _entry(response, token, changes_at)
    timeout = settings.PAGE_CACHE_TIMEOUT
    if changes_at:
        timeout = max(1, min(timeout, int(changes_at - time.time()) + 1))
    cache.set(page_key, entry, timeout=timeout)
    local_copies.put(page_key, entry)
    return _serve(entry, request, hit=False)


class LocalCopies:
    """This process's copies of the pages it served last, up to a number of bytes.

    Only a saving: a copy is used when its generation is still the shared cache's current
    one, checked on every request, so it is never staler than the shared copy, and nothing
    is lost when a process goes. It spares sending the page's bytes from Redis on every hit.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._entries = collections.OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def _size(entry):
        if entry["content"] is not None:
            return len(entry["content"])
        return sum(len(part) for part in entry["parts"] if isinstance(part, bytes))

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = self._size(entry)
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= self._size(old)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= self._size(dropped)

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._bytes = 0


local_copies = LocalCopies(settings.PAGE_CACHE_LOCAL_BYTES)


def _changes_at(token):
    """When the generation `token` ends by itself (0: not by itself), looked up once each."""
    return cache.get_or_set(
        f"pagecache:next:{token}", next_timed_change, timeout=settings.PAGE_CACHE_TIMEOUT
    )
