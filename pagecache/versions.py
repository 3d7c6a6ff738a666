"""The version of every dependency key, kept in the shared cache.

A version is a token, ``"<time>-<random>"``, replaced by every change to what the key
stands for. A stored page records the versions of all its keys and is served only while
they are all current. ``LAST_KEY`` holds the token of the latest change of any key, so a
render can tell whether anything changed while it ran (see pages._store_if_unchanged).
"""

import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache

try:
    from redis import RedisError
except ImportError:  # pragma: no cover - redis-py is a pinned requirement
    RedisError = OSError

logger = logging.getLogger("pagecache")
# What a cache that does not answer raises (refused or reset connections, timeouts).
CACHE_ERRORS = (OSError, RedisError)

LAST_KEY = "pagecache:last"


def enabled():
    return settings.PAGE_CACHE_TIMEOUT > 0


def version_key(key):
    return f"pagecache:v:{key}"


def new_token():
    return f"{time.time():.6f}-{secrets.token_hex(6)}"


def token_time(token):
    return float(token.split("-", 1)[0])


# Keys this process could not bump (the cache did not answer): bumped again before this
# process serves another cached page.
_unbumped = set()


def bump(keys):
    """New versions for `keys`: every page stored with one of them is out of reach.

    ``LAST_KEY`` is written first, so whoever reads a new version of a key and then
    ``LAST_KEY`` sees that something changed. A cache that does not answer must not make
    the write that caused the change fail: the failure is logged, and the next request
    tries again before using the cache.
    """
    if not enabled() or not keys:
        return
    token = new_token()
    values = {LAST_KEY: token}
    values.update((version_key(key), token) for key in sorted(keys | _unbumped))
    try:
        cache.set_many(values, timeout=None)
    except Exception:
        _unbumped.update(keys)
        logger.exception("Page cache: could not record new versions of %d keys", len(keys))
    else:
        _unbumped.clear()


def record_missed_bumps():
    """Bump what an earlier write could not (ConnectionError if the cache still does not
    answer): until then no cached page may be served."""
    if _unbumped:
        bump(set(_unbumped))
        if _unbumped:
            raise ConnectionError("the cache still does not answer")


def current(keys):
    """The current version of each key, in order; a missing one (evicted, or never
    changed) is given a fresh token, never an old one, so no old page comes back."""
    names = [version_key(key) for key in keys]
    found = cache.get_many(names)
    missing = {name: new_token() for name in names if name not in found}
    for name, token in missing.items():
        if not cache.add(name, token, timeout=None):
            token = cache.get(name) or token
        found[name] = token
    return tuple(found[name] for name in names)


def last_change():
    """The token of the latest change of any key (set once if the cache has none)."""
    token = cache.get(LAST_KEY)
    if token is None:
        token = new_token()
        if not cache.add(LAST_KEY, token, timeout=None):
            token = cache.get(LAST_KEY) or token
    return token
