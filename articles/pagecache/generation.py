"""The content generation: a token in the shared cache that every write replaces.

A cached page is used only while the token it was rendered under is current, so a new
token puts every page cached so far out of reach. Writes are seen in the SQL statements
themselves (a connection wrapper, ``watch_writes``), so bulk updates, cascades, importers
and commands count as well as ``Model.save()``. Writes to articles and tags also start a
new archive generation, which comments leave alone (see ``archive_generation()``). And a
generation ends by itself at the next moment a page changes with time: a scheduled article
going live, or comments closing.
"""

import logging
import re
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

try:
    from redis import RedisError
except ImportError:  # pragma: no cover - redis-py is a pinned requirement
    RedisError = OSError

logger = logging.getLogger("articles.pagecache")
# What a cache that does not answer raises (refused or reset connections, timeouts).
CACHE_ERRORS = (OSError, RedisError)

GENERATION_KEY = "pagecache:generation"
ARCHIVE_KEY = "pagecache:archive"
# The tables whose writes start a new archive generation as well.
ARCHIVE_TABLES = frozenset({"articles_article", "articles_taggedarticle", "taggit_tag"})


def _new_token():
    return f"{time.time():.6f}-{secrets.token_hex(6)}"


def enabled():
    return settings.PAGE_CACHE_TIMEOUT > 0


# A new generation this process could not record (the cache did not answer): it is tried
# again before this process serves another cached page.
_unrecorded_bump = False


def record_missed_bump():
    """Record the new generation an earlier write could not (ConnectionError if the cache
    still does not answer): until then no cached page may be served."""
    if _unrecorded_bump:
        bump_archive()
        if _unrecorded_bump:
            raise ConnectionError("the cache still does not answer")


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


# Seeing writes: every INSERT, UPDATE or DELETE on the archive's tables (the image
# library's too: its alt texts and captions are on the pages).

_WRITE = re.compile(
    r"""^\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+["`]?"""
    r"""((?:articles|taggit|companies|figures|authors|corrections|images)_\w+)""",
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
    from ..models import Article

    return Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now).aggregate(
        m=Min("published_at")
    )["m"]


def next_timed_change():
    """The epoch time of the next scheduled publication or comment closing, or 0."""
    from ..models import Article

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


def changes_at(token):
    """When the generation `token` ends by itself (0: not by itself), looked up once each."""
    return cache.get_or_set(
        f"pagecache:next:{token}", next_timed_change, timeout=settings.PAGE_CACHE_TIMEOUT
    )
