"""Full-text search: one query language, one index per database, one code path keeping it current.

The public path is `Article.objects.published().search(text)` (ArticleQuerySet.search),
which gives SearchResults: lazy, ranked, counted and faceted, with snippets for the page
shown. Everything else here is how:

- query.py: web-search syntax parsed once into a tree (parse_query), shared by both databases;
- expressions.py: the fields, functions and lookups models.py and the queries use;
- postgres.py: the weighted vector, its GIN index and the exact keys beside it;
- sqlite.py: the FTS5 table;
- results.py: the newest matches, ranked, and SearchResults;
- snippets.py: highlighted passages for the page shown;
- indexing.py: index_articles(), the only writer of both indexes, and the signal receivers
  that ArticlesConfig.ready() connects;
- switches.py: the benchmark's ablation switches (all on in the site).

No module here imports the models: they come as arguments or from the app registry.
"""

from .indexing import index_articles
from .postgres import clear_caches
from .query import ParsedQuery, parse_query
from .results import SearchResults

__all__ = ["ParsedQuery", "SearchResults", "clear_caches", "index_articles", "parse_query"]
