"""What the front cache needs from the page cache, in one place.

The page cache (``pagecache``) keys every page it shares by what the page shows
(``response.page_keys``), tells which keys a commit changed (``keys_changed``), knows the
next moment at which a page changes without a write (``timed``), and leaves the per-reader
parts of a shared page to registered fillers (``placeholders``).
"""

import time

from pagecache import CACHE_ERRORS, placeholders, timed
from pagecache.signals import keys_changed

__all__ = ["keys_changed", "page_keys", "register_filler", "registered_fillers"]


def page_keys(response):
    """The dependency keys of a page the page cache shares between anonymous readers, or
    None for any other response (a personal page, a form, an error).

    Only a page the page cache served or stored (``X-Page-Cache``): one rendered without
    it (the cache off, or not answering) may come from a replica that lags behind the purge
    of what it shows, and a front cache would keep that stale copy for its whole lifetime.
    """
    keys = getattr(response, "page_keys", None)
    if keys is None or not response.has_header("X-Page-Cache"):
        return None
    return tuple(keys)


def seconds_until_change():
    """Seconds until a page changes by itself (a scheduled article goes live, comments
    close), or None: no purge announces that moment before it comes (the page cache
    touches its keys on the first request after it), so no cache may keep a page past it.
    """
    try:
        changes_at, _ = timed.next_change()
    except CACHE_ERRORS:
        # The cache does not answer, so the moment is unknown: no shared lifetime at all.
        return 0
    return max(0, int(changes_at - time.time())) if changes_at else None


def registered_fillers():
    """Every kind of placeholder and what fills it: {kind: fill(request, arg)}."""
    return placeholders.registered()


def register_filler(kind, fill):
    placeholders.register(kind, fill)
