"""Whole pages cached for anonymous readers, invalidated exactly.

Every cached page records the *content generation* it was rendered in, a token kept in
the shared cache, and is used only while that token is current. Any write to the
archive's tables (articles, comments, tags, slugs, the search index, authors, corrections)
replaces the token, so the very next request for any page misses and is rendered from
the database: there is no list of pages to purge, hence none to forget. A hit is one
round trip: the token and the page come together, or the token alone when this process
kept a copy of the page.

The writes are seen at the lowest level, the SQL statements themselves (a connection
wrapper), so admin bulk actions, ``QuerySet.update()``, cascades, importers and
management commands all count, not only ``Model.save()``. A new token is set when the
statement runs and again when its transaction commits, so a page rendered from data that
was not committed yet never outlives the commit. Writes to articles and tags also start a
new *archive generation*, which comments leave alone (see archive_generation()).

Pages change with time too: a scheduled article goes live, comments close N days after
publication. The first request of each generation looks up when the next such moment is,
and the generation ends then.

Only readers without cookies share pages (the CSRF cookie aside): a reader with a session,
their own pending comment, a saved name, a flash message or a pin to the primary database
gets their page rendered for them. The two parts of a shared page that must differ per
reader, the CSRF token and the comment form's signed timestamp, are cached as
placeholders and filled in on every request.

With a per-process cache (local memory, the default) one process cannot invalidate
another's pages, so the page cache is on only with a shared cache (``PAGE_CACHE_TIMEOUT``).

The package, by concern:

- ``generation``: the content and archive generations, the writes that end them, and
  the moments at which the pages change by themselves;
- ``placeholders``: the per-reader parts of a shared page;
- ``local``: each process's copies of the pages it served last;
- ``pages``: the ``public_page`` decorator, which stores and serves the pages.

The names other modules use are imported here.
"""

from .generation import (
    CACHE_ERRORS,
    archive_generation,
    enabled,
    next_publication,
    watch_writes,
)
from .local import LocalCopies, local_copies
from .pages import public_page
from .placeholders import context, placeholder_if_caching, register

__all__ = [
    "CACHE_ERRORS",
    "LocalCopies",
    "archive_generation",
    "context",
    "enabled",
    "local_copies",
    "next_publication",
    "placeholder_if_caching",
    "public_page",
    "register",
    "watch_writes",
]
