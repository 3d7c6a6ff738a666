"""What a page depends on (collected while it renders) and what a write changed (touched).

Keys are short ASCII words such as ``article:12``, ``articles:list``, ``tag:7`` or
``table:images_image``. The apps that own the data choose them (registry.py) and the
page cache treats them as opaque.
"""

import contextlib
import contextvars
import functools

from django.db import DEFAULT_DB_ALIAS, connections

from . import versions
from .signals import keys_changed

# The keys of the page being rendered for the cache, or None when no such page renders.
_collected = contextvars.ContextVar("pagecache_collected", default=None)


@contextlib.contextmanager
def collecting():
    """Collect the keys of everything read until the block ends, into the set it yields."""
    keys = set()
    reset = _collected.set(keys)
    try:
        yield keys
    finally:
        _collected.reset(reset)


def is_collecting():
    return _collected.get() is not None


def depends_on(*keys):
    """The page being rendered shows what these keys stand for (no-op outside a render)."""
    collected = _collected.get()
    if collected is not None:
        collected.update(keys)


def touch(keys, using=DEFAULT_DB_ALIAS):
    """A write on the database `using` just changed what `keys` stand for.

    The keys are bumped now, so no page rendered before the write is served again, and
    again when the transaction commits, so that no page rendered from the data as it was
    before the commit outlives it; ``keys_changed`` is sent then, once per commit with all
    the keys it changed (at once outside a transaction).
    """
    keys = frozenset(keys)
    if not keys:
        return
    versions.bump(keys)
    connection = connections[using]
    if not connection.in_atomic_block:
        keys_changed.send(sender=touch, keys=keys)
        return
    # Every write registers a hook, but the first to run after the commit sends all the
    # keys the transaction touched and the others find nothing left: one signal per commit.
    # (Keys of a rolled-back savepoint stay pending, and go with the next commit: a
    # needless renewal, never a missed one.)
    pending = connection.__dict__.setdefault("_pagecache_pending", set())
    pending.update(keys)
    connection.on_commit(functools.partial(_committed, pending))


def _committed(pending):
    if pending:
        keys = frozenset(pending)
        pending.clear()
        versions.bump(keys)
        keys_changed.send(sender=touch, keys=keys)
