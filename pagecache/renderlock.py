"""One render of a page at a time; the other requests for it wait for that render.

When a page's keys change, every request for it misses at once. Each worker rendering it
again competes for the CPU with the others and with the hits (the busiest article, renewed
by every approved comment, was rendered by all workers together twice a second, and a
render that long often saw another change and could not be stored). So the first miss
takes a short lock in the shared cache and renders; the others poll until it is released
and then read the page like any hit, checking every key's version, so nothing stale is
served. If the render could not be stored, the next waiter takes the lock; past a bounded
wait (``PAGE_CACHE_RENDER_WAIT``) a waiter renders for itself.
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


def release(page_key, token):
    # Only our own: a lock that expired during a very slow render may be another's now.
    if cache.get(_lock_key(page_key)) == token:
        cache.delete(_lock_key(page_key))


def pause(seconds):
    """Between two looks at the lock (tests replace it to run the waiter step by step)."""
    time.sleep(seconds)


def wait(page_key, deadline):
    """Wait while another request renders the page; False once ``deadline`` (monotonic)
    passed with the lock still held."""
    delay = FIRST_POLL_SECONDS
    while cache.get(_lock_key(page_key)) is not None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        pause(min(delay, remaining))
        delay = min(delay * 2, LONGEST_POLL_SECONDS)
    return True
