"""One render of a page at a time; the other requests for it wait for that render.

When a page's keys change, every request for it misses at once. Each worker rendering it
again competes for the CPU with the others and with the hits (the busiest article, renewed
by every approved comment, was rendered by all workers together twice a second, and a
render that long often saw another change and could not be stored). So the first miss
takes a short lock in the shared cache and renders; the others poll until it is released
and then read the page like any hit, checking every key's version, so nothing stale is
served. If the page changed during that render, so that it was not stored, the next
waiter takes the lock. A waiter renders for itself past a bounded wait
(``PAGE_CACHE_RENDER_WAIT``), or when the response is one the cache never stores (a 404).
"""

import secrets
import time

from django.core.cache import cache

# A holder that dies mid-render keeps the others waiting this long at most.
LOCK_SECONDS = 10
FIRST_POLL_SECONDS = 0.002
LONGEST_POLL_SECONDS = 0.02


def _lock_key(page_key):
    return f"{page_key}:rendering"


def acquire(page_key):
    """A token if this request may render the page now, else None (another is on it)."""
    token = secrets.token_hex(8)
    return token if cache.add(_lock_key(page_key), token, timeout=LOCK_SECONDS) else None


# Left in the lock by a render whose response cannot be stored (a 404, a page that sets a
# cookie): the requests waiting for it, and those that come in the next few seconds,
# render for themselves rather than one after another.
NOT_STORED = "not-stored"
NOT_STORED_SECONDS = 5


def release(page_key, token, stored=True):
    key = _lock_key(page_key)
    # Only our own: a lock that expired during a very slow render may be another's now.
    if cache.get(key) != token:
        return
    if stored:
        cache.delete(key)
    else:
        cache.set(key, NOT_STORED, timeout=NOT_STORED_SECONDS)


def pause(seconds):
    """Between two looks at the lock (tests replace it to run the waiter step by step)."""
    time.sleep(seconds)


def wait(page_key, deadline):
    """Wait while another request renders the page. True once it is released; False if
    waiting is no use: ``deadline`` (monotonic) passed, or that render was not stored."""
    delay = FIRST_POLL_SECONDS
    while (held := cache.get(_lock_key(page_key))) is not None:
        remaining = deadline - time.monotonic()
        if held == NOT_STORED or remaining <= 0:
            return False
        pause(min(delay, remaining))
        delay = min(delay * 2, LONGEST_POLL_SECONDS)
    return True
