"""An HTTP cache in front of the app (Varnish, or a CDN with surrogate keys).

An app that knows nothing of articles or comments; it builds on the page cache:

- ``headers``: the pages the page cache shares between anonymous readers get
  ``Cache-Control`` for shared caches (``s-maxage``, ``stale-while-revalidate``,
  ``stale-if-error``) and their dependency keys in ``xkey`` and ``Surrogate-Key``;
- ``esi``: behind a cache that speaks Edge Side Includes (Varnish), the per-reader parts of
  a shared page (the page cache's placeholders: the CSRF token, the comment form's signed
  timestamp) become ``<esi:include>`` fragments, fetched for each reader and never stored;
- ``csrf``: a reader's very first post from such a page, before any cookie of ours reached
  them (Varnish drops a fragment's Set-Cookie), is checked by its Origin instead of the
  CSRF cookie; anyone holding any cookie gets Django's check unchanged;
- ``purge``: when keys change, a background task purges them at every front cache
  (``FRONT_CACHE_URLS``), retried with backoff;
- ``pagesource``: the one place that knows how the page cache reports keys and changes;
- ``varnishd``: starts a throwaway Varnish with the repository's VCL (tests, benchmark).

docs/front-cache.md has the reasoning, the VCL and the CDN setup.
"""
