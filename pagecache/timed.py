"""Pages that change with time alone: a scheduled article goes live, comments close.

No write happens then, so the apps that own such data register a provider,
``provider(now)``, returning ``(moment, keys)`` pairs: the next moments at which what the
keys stand for changes by itself. Every stored page records the earliest of all these
moments; when it comes, the first request that sees it touches the keys due (so a front
cache hears of it too) and renders its page again.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from . import versions
from .dependencies import touch

_providers = []


def register(provider):
    _providers.append(provider)


def _compute(now):
    moments = {}
    for provider in _providers:
        for moment, keys in provider(now):
            if moment is not None:
                moments.setdefault(moment.timestamp(), set()).update(keys)
    if not moments:
        return (0, ())
    first = min(moments)
    return (first, tuple(sorted(moments[first])))


def next_change(last=None):
    """The epoch time of the next change by time alone (0: none), once its due keys, if
    any are already due, have been touched; and the token of the latest change it saw.

    Looked up once per state of the data (the token of the latest change, ``last``): a
    change can move the next moment.
    """
    for _ in range(3):
        last = last or versions.last_change()
        at, keys = cache.get_or_set(
            f"pagecache:timed:{last}",
            lambda: _compute(timezone.now()),
            timeout=settings.PAGE_CACHE_TIMEOUT,
        )
        if not at or timezone.now().timestamp() < at:
            break
        touch(keys)
        last = None
    return at, last or versions.last_change()
