"""The database pieces of search: fields, functions and lookups. Imports no models.

models.py declares the index with them; the search modules build their queries with them.
"""

import re

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Func, Lookup

FTS_TABLE = "articles_article_fts"


class UtcDay(Func):
    """The UTC day of `published_at`: an immutable expression PostgreSQL can index.

    The search index pairs it with the vector (btree_gin), so a search limited to the newest
    articles is answered by that one index. A day, not the time: a window is a range of
    entries in the index, and one per day is far fewer to read than one per article. No
    other index knows this expression, so the planner cannot instead walk the date index
    and read every article's vector.
    """

    template = "(timezone('UTC', %(expressions)s))::date"
    output_field = models.DateField()


class InIds(Lookup):
    """`field IN (ids)`, sent to PostgreSQL as one array parameter (`= ANY(%s)`).

    The search passes hundreds of ids to several queries; one parameter spares building,
    quoting and parsing hundreds of placeholders each time.
    """

    lookup_name = "in_ids"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = [int(pk) for pk in self.rhs]
        if not ids:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, ids]
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", [*lhs_params, *ids]


class Fts5TableField(models.TextField):
    """FTS5's hidden column named after its table: `table MATCH expr` searches every column."""


@Fts5TableField.register_lookup
class Fts5Match(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class NotIndexed(Func):
    """SQLite's unary plus: the article id is compared but not used to choose an index.

    Without it SQLite looks up every full-text match by primary key (tens of thousands for
    a common word); with it, it walks the (status, published_at) index newest first and
    stops at the limit, checking each id against the matches.
    """

    template = "+%(expressions)s"
    output_field = models.BigIntegerField()


class SearchKeys(Func):
    """The exact index keys of a vector and a list of tag ids (migration 0008 defines it)."""

    function = "articles_search_keys"

    @property
    def output_field(self):
        from django.contrib.postgres.search import SearchVectorField

        return SearchVectorField()


class HoldsKeys(Lookup):
    """`search_keys` holds every one of these keys: `search_keys @@ 'p…' & 't…'`.

    The query is written as tsquery text, never parsed into words, so it is exactly the keys;
    that is safe because a key is only ever a letter and hex digits.
    """

    lookup_name = "holds_keys"
    prepare_rhs = False
    KEY = re.compile(r"[pt][0-9a-f]+")

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        keys = sorted(set(self.rhs))
        if not keys or not all(self.KEY.fullmatch(key) for key in keys):
            raise ValueError(f"not search keys: {keys!r}")
        return f"{lhs} @@ %s::tsquery", [*lhs_params, " & ".join(f"'{key}'" for key in keys)]


def json_rows(queryset, *fields):
    """PostgreSQL: the rows of a subquery as one JSON text, an array of [field, ...] arrays,
    in the queryset's order. For related rows read in the same query as a page of articles.

    Text, decoded with one json.loads() whatever the driver would make of JSON; arrays, not
    objects: Django compiles JSONObject() slowly, and each query is compiled per request.
    """
    from django.contrib.postgres.expressions import ArraySubquery

    row = Func(*fields, function="json_build_array", output_field=models.JSONField())
    return Func(
        ArraySubquery(queryset.values(row=row)),
        template="array_to_json(%(expressions)s)::text",
        output_field=models.TextField(),
    )


def sql_of(expression, model):
    """The SQL and parameters of `expression` annotated on a query of `model`.

    For a subquery annotation whose SQL is the same in every request (json_rows() of a
    join takes Django about a millisecond to resolve and compile, as much as rendering the
    rest of a page of results): compiled once a process, it is given to each query as
    RawSQL. A correlated subquery names the outer table as a query of `model` does.
    """
    query = model._base_manager.annotate(compiled=expression).query
    return query.get_compiler(DEFAULT_DB_ALIAS).compile(query.annotations["compiled"])
