"""Parts of a page kept apart, so that a page rendered again need not compute them again.

A page is invalidated whole: a comment approved on an article renders the article's page
again, the related articles and all, though they did not change. ``fragment()`` keeps the
value of such a part (anything picklable) in the shared cache with the keys it read and
their versions, as a page is kept (pages.py). While every version is current, and no
moment at which data change by time alone has come (timed.py), the next render of any page
takes it from there; either way its keys are added to the page being rendered, so the page
is invalidated by anything the part shows, exactly as if it had been computed again.

Fragments are used only while a page renders to be stored (from the primary database, see
pages._render); any other render computes the part as usual.
"""

import contextlib
import contextvars
import logging
import time

from django.conf import settings
from django.core.cache import cache

from . import timed, versions
from .dependencies import collecting, depends_on, is_collecting
from .versions import CACHE_ERRORS, LAST_KEY

logger = logging.getLogger("pagecache")

_storing = contextvars.ContextVar("pagecache_fragments_storing", default=False)


@contextlib.contextmanager
def rendering_to_store():
    """While a page renders to be stored: read from the primary, its keys collected."""
    reset = _storing.set(True)
    try:
        yield
    finally:
        _storing.reset(reset)


def fragment(name, compute):
    """``compute()``, or its value kept under ``name`` while everything it read is
    unchanged. ``name`` must say everything the value depends on besides the data it
    reads (``related:12`` for the articles related to article 12)."""
    if not (versions.enabled() and _storing.get() and is_collecting()):
        return compute()
    key = f"pagecache:fragment:{name}"
    try:
        found = cache.get_many([LAST_KEY, key])
        entry = found.get(key)
        if entry is not None and _current(entry):
            depends_on(*entry["keys"])
            return entry["value"]
        ends_at, last = timed.next_change(found.get(LAST_KEY))
    except CACHE_ERRORS:
        # The page itself will be served uncached (pages.public_page).
        logger.exception("Page cache unavailable; fragment %s computed", name)
        return compute()
    with collecting() as keys:
        value = compute()
    depends_on(*keys)
    keys = tuple(sorted(keys))
    tokens = versions.current(keys)
    # Stored only if nothing changed since ``last`` was read, before compute() read the
    # data: a write in between could otherwise be recorded as seen (as for pages).
    if cache.get(LAST_KEY) == last:
        timeout = settings.PAGE_CACHE_TIMEOUT
        if ends_at:
            timeout = max(1, min(timeout, int(ends_at - time.time()) + 1))
        entry = {"keys": keys, "tokens": tokens, "changes_at": ends_at, "value": value}
        cache.set(key, entry, timeout=timeout)
    return value


def _current(entry):
    if entry["changes_at"] and time.time() >= entry["changes_at"]:
        return False
    return versions.current(entry["keys"]) == entry["tokens"]
