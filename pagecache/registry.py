"""What the apps that own data tell the page cache.

- ``watch(app_label, ...)``: the app's tables hold public content. A page that reads one
  depends on ``table:<name>``, and a write to it that nothing accounted for (a
  ``QuerySet.update()``, ``bulk_create``, raw SQL, a migration) changes ``table:<name>``:
  the safety net, so that no page is ever served stale.
- ``register(model, ...)``: the model's writes are keyed precisely. Its instances loaded
  while a page renders add their keys to the page (``article:12``); its saves and deletes,
  cascades included, touch the keys the app computes from the instance as it was and as it
  is (an approved comment touches its article only, a pending one nothing). Statements run
  between a model's pre_* and post_* signals are accounted for by them; ``writes()`` does
  the same for a bulk statement whose keys the app knows (an admin action).
"""

import contextlib
import contextvars
import dataclasses
from collections.abc import Callable, Iterable

from django.db.models.signals import post_delete, post_init, post_save, pre_delete, pre_save

from .dependencies import depends_on, is_collecting, touch

_prefixes = set()
# db_table -> Registration
_registered = {}
# Per table, how many signal windows (pre_save..post_save, pre_delete..post_delete, or a
# writes() block) are open in this thread: statements on it then are accounted for.
_windows = contextvars.ContextVar("pagecache_windows", default=None)


@dataclasses.dataclass(frozen=True)
class Registration:
    model: type
    # Keys of a page that shows this instance.
    instance_keys: Callable[[object], Iterable[str]]
    # Keys touched by a save (deleted=False) or delete (deleted=True) of the instance;
    # `before` is what state(instance) returned when it was loaded (None for a new one).
    changed_keys: Callable[..., Iterable[str]]
    # What changed_keys compares with: fields read from the instance as loaded.
    state: Callable[[object], object] | None
    # Keys of every page that reads the table at all (lists, counts), besides table:<name>.
    read_keys: tuple[str, ...]


def watch(*app_labels):
    """The tables of these apps hold what public pages show."""
    _prefixes.update(f"{label}_" for label in app_labels)


def watched(table):
    return table.startswith(tuple(_prefixes))


def table_keys(table):
    """The keys of a page that reads `table`, which a write nothing accounted for changes."""
    registration = _registered.get(table)
    return (f"table:{table}", *(registration.read_keys if registration else ()))


def accounted(table):
    windows = _windows.get()
    return bool(windows and windows.get(table))


def _open(table, count=1):
    windows = _windows.get()
    if windows is None:
        windows = {}
        _windows.set(windows)
    windows[table] = windows.get(table, 0) + count


def _close(table):
    windows = _windows.get()
    if windows and windows.get(table):
        windows[table] -= 1


def forget_windows():
    """A statement failed: its post_* signal may never come, so no window stays open."""
    windows = _windows.get()
    if windows:
        windows.clear()


@contextlib.contextmanager
def writes(*tables, keys, using="default"):
    """Statements on these tables (models or table names) in this block change exactly
    `keys`, touched at the end (and on commit)."""
    names = [table if isinstance(table, str) else table._meta.db_table for table in tables]
    for name in names:
        _open(name)
    try:
        yield
    finally:
        for name in names:
            _close(name)
    touch(keys, using=using)


def register(model, *, instance_keys, changed_keys, state=None, read_keys=()):
    registration = Registration(model, instance_keys, changed_keys, state, tuple(read_keys))
    table = model._meta.db_table
    _registered[table] = registration
    uid = f"pagecache.{table}"

    def initialised(sender, instance, **kwargs):
        if state is not None:
            instance._pagecache_state = state(instance)
        if is_collecting() and instance.pk is not None:
            depends_on(*instance_keys(instance))

    def opening(sender, instance, **kwargs):
        _open(table)

    def saved(sender, instance, created, using, raw=False, **kwargs):
        _close(table)
        before = None if created else getattr(instance, "_pagecache_state", None)
        touch(changed_keys(instance, before=before, deleted=False), using=using)
        if state is not None:
            instance._pagecache_state = state(instance)

    def deleted(sender, instance, using, **kwargs):
        _close(table)
        before = getattr(instance, "_pagecache_state", None)
        touch(changed_keys(instance, before=before, deleted=True), using=using)

    post_init.connect(initialised, sender=model, weak=False, dispatch_uid=uid)
    pre_save.connect(opening, sender=model, weak=False, dispatch_uid=uid)
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
    pre_delete.connect(opening, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=uid)
    return registration
