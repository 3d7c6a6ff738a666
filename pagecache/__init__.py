"""Whole pages cached for anonymous readers, invalidated by what they depend on.

A page depends on keys, collected while it renders: ``article:12`` for each registered
instance it loaded, ``table:<name>`` for each watched table it read, and whatever a view
or data app adds with ``depends_on()`` (``articles:list``, ``tag:7``). Each key has a
version in the shared cache; a stored page records the versions of its keys and is served
only while they are all current. A write changes (touches) the versions of the keys it
concerns: precise keys from the model signals of registered models, and ``table:<name>``
for any statement on a watched table that no signal accounted for (bulk updates, raw
SQL, importers, migrations). Keys are touched when the statement runs and again when its
transaction commits; ``signals.keys_changed`` tells other apps (a front cache) after the
commit.

This app knows nothing of the archive: the apps that own data register their tables,
models, keys and the moments at which their pages change by themselves (a scheduled
article going live, comments closing) in their ``AppConfig.ready()``.

Only readers without cookies share pages (the CSRF cookie aside); the parts of a shared
page that differ per reader are placeholders filled in on every request.

The package, by concern:

- ``versions``: the version of every key in the shared cache;
- ``dependencies``: keys collected during a render, keys touched by a write;
- ``registry`` and ``statements``: what data apps register, and the SQL wrapper;
- ``timed``: moments at which pages change without a write;
- ``placeholders``: the per-reader parts of a shared page;
- ``local``: each process's copies of the pages it served last;
- ``fragments``: parts of a page kept apart, not computed again with the page;
- ``pages``: the ``public_page`` decorator, which stores and serves the pages.
"""

from .dependencies import depends_on, touch
from .fragments import fragment
from .local import LocalCopies, local_copies
from .pages import public_page
from .placeholders import context, placeholder_if_caching
from .registry import register as register_model
from .registry import watch, writes
from .timed import register as register_timed
from .versions import CACHE_ERRORS, current, enabled

__all__ = [
    "CACHE_ERRORS",
    "LocalCopies",
    "context",
    "current",
    "depends_on",
    "fragment",
    "enabled",
    "local_copies",
    "placeholder_if_caching",
    "public_page",
    "register_model",
    "register_timed",
    "touch",
    "watch",
    "writes",
]
