"""What the front cache needs from the page cache, in one place.

Today's page cache (``articles.pagecache``) keeps one content generation for the whole
site: any write to the archive ends every page. So every shared page depends on one key,
``ALL_KEY``, and every committed write changes it. When the page cache reports finer keys
(``response.page_keys`` and a ``keys_changed`` signal), only this module changes.
"""

import time

from django.db import transaction
from django.db.backends.signals import connection_created
from django.dispatch import Signal

from articles.pagecache import generation, placeholders

# The key every page depends on while the page cache has one generation.
ALL_KEY = "all"

# Sent after the transaction that changed public content commits, once per commit, with
# keys=frozenset(...) of every dependency key it changed.
keys_changed = Signal()


def page_keys(response):
    """The dependency keys of a page the page cache shares between anonymous readers, or
    None for any other response (a personal page, a form, an error)."""
    keys = getattr(response, "page_keys", None)
    if keys is not None:
        return tuple(keys)
    # public_page marks every page it serves from or stores in the shared cache.
    if response.has_header("X-Page-Cache"):
        return (ALL_KEY,)
    return None


def seconds_until_change():
    """Seconds until a page changes by itself (a scheduled article goes live, comments
    close), or None: no purge announces that moment, so no cache may keep a page past it."""
    try:
        ends_at = generation.changes_at(generation.generation())
    except generation.CACHE_ERRORS:
        # The cache does not answer, so the moment is unknown: no shared lifetime at all.
        return 0
    return max(0, int(ends_at - time.time())) if ends_at else None


def registered_fillers():
    """Every kind of placeholder and what fills it: {kind: fill(request, arg)}."""
    return dict(placeholders._fillers)


def register_filler(kind, fill):
    placeholders.register(kind, fill)


def _announce():
    keys_changed.send(sender=__name__, keys=frozenset({ALL_KEY}))


def _announcing(connection):
    """True when the transaction will announce its changes already. A registered
    announcement is dropped only with a savepoint rolled back, which takes every later
    write inside it along, so any one still registered covers this write too."""
    return any(func is _announce for _, func, _ in connection.run_on_commit)


def _watch(sender, connection, **kwargs):
    """connection_created receiver: every write the page cache counts announces a change,
    once per transaction, after it commits (at once in autocommit)."""

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if generation.written_table(sql, params) is not None:
            if not connection.in_atomic_block:
                _announce()
            elif not _announcing(connection):
                transaction.on_commit(_announce, using=connection.alias)
        return result

    # connection_created is sent again on every reconnection of the same connection object
    # (a worker closes its connection between tasks): wrap it once only, or the wrappers
    # pile up until a statement overflows the stack.
    if not any(getattr(existing, "frontcache", False) for existing in connection.execute_wrappers):
        wrapper.frontcache = True
        connection.execute_wrappers.append(wrapper)


def connect():
    connection_created.connect(_watch, dispatch_uid="frontcache.pagesource")
