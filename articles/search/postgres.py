"""Search on PostgreSQL: the weighted vector with its GIN index, and the keys beside it.

The index holds the vector with the UTC publication day (btree_gin) and `search_keys`: a
key for each pair of adjacent words and one for each tag, so a quoted phrase or a tag
filter is answered by the index without reading vectors (phrase_keys(), filter_by_tag()).
A search looks among the newest articles first, in a window sized from PostgreSQL's own
statistics of the words, then wider ones (newest_rows()). Models come as arguments or from
the app registry: this module never imports them.
"""

import contextlib
import datetime
import functools
import time

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchHeadline, SearchVector
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections, models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThanOrEqual

from . import switches
from .expressions import HoldsKeys, InIds, SearchKeys, UtcDay, sql_of
from .query import PG_CONFIG, STOP_WORDS, parse_query, stems

# How many of the newest articles a search may look among before it looks among all of
# them (see newest_rows); the setting SEARCH_WINDOWS replaces them (the tests use small
# ones). Each a quarter wider than the last, 1,000 to about 69,000: a try reads at most a
# quarter more articles than its estimate asks for, and each window's start is one cached
# query (_published_since).
SEARCH_WINDOWS = tuple(int(1_000 * 1.25**k) for k in range(20))
# What reading a window costs against reading the whole archive's matches: the index
# gives a window's articles at about a seventh of the cost of reading one match (measured
# on 100,000 articles: about 0.2 against 1.5 to 2.5 microseconds; reading all was cheaper
# below about 3% of the archive, docs/search-benchmarks.md), so a search looks among all
# articles at once when its estimated matches there, seven times over, are fewer than the
# articles of the window it would need (_first_window()).
WINDOW_ENTRY_COST = 7
# Read from pg_stats and pg_class, kept ten minutes per process: they change only when
# ANALYZE runs.
STATISTICS_SECONDS = 600
_statistics = {}
# Where each window starts, kept a minute per process. Any bound gives the same results
# (a window that holds `limit` matches holds the newest `limit`), so an old one costs at
# most a wider second try; it never makes a search wrong.
WINDOW_BOUND_SECONDS = 60
_window_bounds = {}


def clear_caches():
    _window_bounds.clear()
    _statistics.clear()
    _pair_keys.cache_clear()


def match(queryset, parsed):
    if not switches.enabled("pair_keys"):
        return queryset.filter(search_vector=parsed.tsquery())
    keys, adjacent = _phrase_keys(parsed)
    # A phrase of two words whose one key says they are neighbours needs only the words from
    # the vector: checking their positions would read every candidate's vector (and keys),
    # stored out of line, again; the index answers the words and the key alone.
    matches = queryset.filter(search_vector=parsed.tsquery(as_words=adjacent))
    return matches.filter(HoldsKeys(F("search_keys"), keys)) if keys else matches


def filter_by_tag(queryset, tag_id):
    """The tag's key (search_keys) lets the one GIN index answer the words and the tag
    together, where a join would read every match and every tagged row."""
    if not switches.enabled("tag_keys"):
        return queryset.filter(tags=tag_id)
    return queryset.filter(HoldsKeys(F("search_keys"), [f"t{int(tag_id)}"]))


def tag_ids_column(model):
    """Each match's tag ids, space separated: stored beside the index, or else joined."""
    if switches.enabled("tag_keys"):
        return F("search_tags")
    tagged = apps.get_model("articles", "TaggedArticle").objects.filter(
        content_object=OuterRef("pk")
    )
    ids = tagged.order_by().values("content_object")
    ids = ids.annotate(ids=StringAgg(Cast("tag_id", models.TextField()), " ")).values("ids")
    return Coalesce(Subquery(ids), Value(""), output_field=models.TextField())


def phrase_keys(text):
    """The word-pair keys that every match of `text` must hold.

    Only phrases every match must contain count: those alone in their group, not one of
    several alternatives or an excluded one.
    """
    return _phrase_keys(parse_query(text))[0]


def _phrase_keys(parsed):
    """(phrase_keys(), the phrases whose key alone proves them: two words, neighbours)."""
    keys, adjacent = set(), set()
    for group in parsed.groups:
        if len(group) == 1 and len(group[0]) > 1:
            pairs, proven = _pair_keys(group[0])
            keys.update(pairs)
            if proven:
                adjacent.add(group[0])
    return keys, adjacent


@functools.lru_cache(maxsize=1024)
def _pair_keys(words):
    """The phrase's pair keys, and whether its one key proves it: PostgreSQL reads it as two
    words in a row, so a vector holding their pair holds the phrase (the key is a 48-bit
    digest of the pair: two pairs sharing one is a chance of about one in 10^14)."""
    # Asked of PostgreSQL, so the pairs come from its own parser and stemmer, exactly as the
    # stored keys did: a stop word leaves a gap, and no key spans one. Cached per process:
    # the keys depend on the words alone.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(articles_search_keys(v, '{}')), "
            "(SELECT count(*) FROM unnest(v) AS u, unnest(u.positions)) "
            "FROM to_tsvector(%s::regconfig, %s) AS v",
            [PG_CONFIG, " ".join(words)],
        )
        keys, positions = cursor.fetchone()
    return tuple(keys), positions == 2 and len(keys) == 1


def rank(parsed):
    """The vector the matches are ranked by: newest_rows() ranks them with ts_rank. The
    weighted title (A), tags (B) and standfirst (C): a small vector kept in the row, not
    the whole one, which is stored out of line and would be read and decompressed for
    each match."""
    return F("search_head" if switches.enabled("rank_head") else "search_vector")


def newest_first():
    # Ordered by an expression no index serves: PostgreSQL then takes the matches from the
    # GIN index (no vector read) and sorts them, instead of walking the date index and
    # reading, out of line, the vector of every article it passes.
    return (F("published_at") + Value(datetime.timedelta(0))).desc()


def newest_rows(newest, limit, model, parsed, tag=None):
    """The first `limit` rows of `newest` (matches, newest first), read window by window.

    A word found in half the archive matches tens of thousands of articles, and each would
    be read to find the newest. So look among the newest articles first: as many as
    PostgreSQL's statistics of the words say will hold `limit` matches (_first_window()),
    then as many as the rate found says, then all. The first try that finds `limit` matches
    has found the newest `limit` of all, and each try after the first reads only the
    articles older than the last one's bound: the matches newer than that are already in
    hand. A wrong estimate costs a further try, never a wrong result.
    """
    rows, before = [], None
    windows = _windows()
    ranked = _ranked_sql(parsed, model)
    # On the connection the rows are read from (a replica's, if there is one).
    connection = connections[newest.db]
    with _index_only_plans_restored(connection):
        window = _first_window(parsed, tag, limit, windows, model, connection)
        while True:
            since = _published_since(window, model) if window else None
            candidates = newest
            if since is not None:
                candidates = candidates.filter(
                    GreaterThanOrEqual(UtcDay("published_at"), Value(since))
                )
            if before is not None:
                # The days from `before` on were read by the last try. On the time itself, not
                # the indexed day: the index would read every older day's entry to apply an
                # upper bound; this one the rows check.
                older = datetime.datetime.combine(before, datetime.time(), tzinfo=datetime.UTC)
                candidates = candidates.filter(published_at__lt=older)
            rows += _index_only_rows(candidates[: limit - len(rows)], connection, ranked)
            if len(rows) >= limit or since is None:
                return rows
            # Too few: at the rate found, this many articles would hold `limit` matches (and
            # a quarter more, to be safe); the next try is the first window that wide.
            needed = limit * window * 5 // (4 * max(len(rows), 1))
            window = next((w for w in windows if w > window and w >= needed), None)
            before = since


def _windows():
    return tuple(getattr(settings, "SEARCH_WINDOWS", SEARCH_WINDOWS))


def _first_window(parsed, tag, limit, windows, model, connection):
    """The window to look in first: the smallest estimated to hold `limit` matches (and a
    quarter more), or None (all articles) where reading every match costs less than the
    window would, or no window is wide enough. The smallest window without statistics."""
    estimate = None
    if switches.enabled("estimate"):
        estimate = _estimated_matches(parsed, tag, _statistics_of(model, connection))
    if estimate is None:
        return windows[0]
    rate, articles = estimate
    needed = limit * 5 / (4 * rate) if rate else float("inf")
    window = next((w for w in windows if w >= needed), None)
    if window is not None and rate * articles * WINDOW_ENTRY_COST < window:
        return None
    return window


def _estimated_matches(parsed, tag, statistics):
    """(the share of articles that match, how many articles there are), estimated as
    PostgreSQL's planner would from ANALYZE's statistics: the words' shares from the
    vector's, a tag's and a phrase's word pairs' from the keys'; each independent of the
    others; one not among the most common half as frequent as the rarest of those. None
    without statistics."""
    words, keys, articles = statistics
    if not words:
        return None

    def share(counts, key):
        return counts.get(key, min(counts.values(), default=0) / 2)

    def phrase_rate(phrase):
        pairs = _pair_keys(phrase)[0] if len(phrase) > 1 and keys else ()
        if pairs:
            return min(share(keys, key) for key in pairs)
        rate = 1.0
        for stem in stems(w for w in phrase if w not in STOP_WORDS):
            rate *= share(words, stem)
        return rate

    rate = share(keys, f"t{int(tag)}") if tag is not None and keys else 1.0
    for group in parsed.groups:
        rate *= min(1.0, sum(phrase_rate(phrase) for phrase in group))
    for phrase in parsed.excluded:
        rate *= 1 - phrase_rate(phrase)
    return rate, articles


def _statistics_of(model, connection):
    """The shares of articles holding each of the most common lexemes of the vector and of
    the keys, and the table's row count, as the last ANALYZE left them: ({lexeme: share},
    {key: share}, rows), kept a while per process and database."""
    table = model._meta.db_table
    known = _statistics.get((connection.alias, table))
    if known is not None and known[1] > time.monotonic():
        return known[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.attname, s.most_common_elems::text::text[], s.most_common_elem_freqs, "
            "c.reltuples FROM pg_stats AS s "
            "JOIN pg_class AS c ON c.oid = %s::regclass "
            "WHERE s.tablename = %s AND s.schemaname = current_schema() "
            "AND s.attname IN ('search_vector', 'search_keys')",
            [table, table],
        )
        rows = cursor.fetchall()
    # The frequencies end with three summary figures after one per element (strict=False).
    shares = {
        column: dict(zip(elements or (), frequencies or (), strict=False))
        for column, elements, frequencies, _rows in rows
    }
    articles = max(rows[0][3], 0) if rows else 0
    found = shares.get("search_vector", {}), shares.get("search_keys", {}), articles
    _statistics[(connection.alias, table)] = (found, time.monotonic() + STATISTICS_SECONDS)
    return found


def _published_since(count, model):
    """The UTC day of the count-th newest published article (None: fewer than count)."""
    known = _window_bounds.get(count)
    if known is not None and known[1] > time.monotonic():
        return known[0]
    times = (
        model._default_manager.published()
        .order_by("-published_at")
        .values_list("published_at", flat=True)[count - 1 : count]
    )
    bound = None
    for published in times:
        bound = published.astimezone(datetime.UTC).date()
    _window_bounds[count] = (bound, time.monotonic() + WINDOW_BOUND_SECONDS)
    return bound


# PostgreSQL prices reading a vector far below its cost (it is stored out of line), so for
# a common word it would rather scan the whole table, and for a queryset joined to the tags
# (Article.objects.filter(tags=...).search(), not the search page, which uses the tag keys)
# it would rather read the vector of every article with the tag. The GIN index answers
# without reading any vector: sequential scans and nested loops are ruled out, which leaves
# the index, then a hash join where there is a join.
# Sent in the same query string as the statement: PostgreSQL runs one string as one
# transaction, so SET LOCAL lasts for that statement alone, with no transaction of our own
# (BEGIN, SET, COMMIT: three more round trips per search, what a busy machine feels most).
INDEX_ONLY_PLANS = "SET LOCAL enable_seqscan = off; SET LOCAL enable_nestloop = off; "


def _ranked_sql(parsed, model):
    """SQL that ranks the rows of a window statement, and its parameters (_index_only_rows).

    A window may read thousands of matches to keep the newest few hundred; PostgreSQL
    computes what a statement selects before it sorts and cuts, so ts_rank is left to a
    query around it, for the rows kept alone. The year comes as an integer (EXTRACT gives
    a decimal, which Python would make a Decimal of and then an int), the time as seconds
    since the epoch (a float costs Python a fraction of a datetime with its time zone)."""
    query_sql, query_params = sql_of(parsed.tsquery(), model)
    columns = "w.pk, extract(epoch FROM w.published_at)::float8, w.year::integer"
    rank = f"ts_rank(w.vector, {query_sql})"  # SQL Django compiled; the words are parameters
    before = f"SELECT {columns}, {rank}, w.tags FROM ("  # nosec B608: no input in the text
    return before, ") AS w (pk, published_at, year, vector, tags)", list(query_params)


def _index_only_rows(queryset, connection, ranked):
    """The rows of a window statement, a values_list() queryset of (pk, published_at, year,
    vector, tags) newest first, ranked by `ranked` (_ranked_sql()) and planned with
    INDEX_ONLY_PLANS, as (pk, published, year, rank, tags) tuples."""
    try:
        sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:  # a queryset.none(): Django would not ask the database either
        return []
    before, after, rank_params = ranked
    with connection.cursor() as cursor:
        # The outer query keeps the inner one's order: a scan of a sorted subquery.
        cursor.execute(INDEX_ONLY_PLANS + before + sql + after, [*rank_params, *params])
        return cursor.fetchall()


@contextlib.contextmanager
def _index_only_plans_restored(connection):
    """Inside a transaction the settings outlive the statement: put them back after (after an
    error the transaction is rolled back, and that undoes them)."""
    yield
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL enable_nestloop TO DEFAULT"
            )


def headlines(articles, parsed, size):
    """ts_headline snippets, for the benchmark's comparison only (switches.python_snippets)."""
    model = type(articles[0])
    headline = SearchHeadline(
        "body",
        parsed.tsquery(),
        config=PG_CONFIG,
        start_sel="\x02",
        stop_sel="\x03",
        max_words=size,
        min_words=size // 2,
    )
    rows = model._default_manager.filter(InIds(F("pk"), [article.pk for article in articles]))
    return dict(rows.annotate(s=headline).values_list("pk", "s"))


def index(ids, chunk=1000):
    """Write the vectors, keys and tag ids of these articles (all if None), in batches."""
    Article = apps.get_model("articles", "Article")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    tagged = TaggedArticle.objects.filter(content_object=OuterRef("pk")).order_by()
    tag_names = tagged.values("content_object").annotate(names=StringAgg("tag__name", " "))
    tag_ids = tagged.values("content_object").annotate(
        ids=StringAgg(Cast("tag_id", models.TextField()), " ", order_by="tag_id")
    )
    head = (
        SearchVector("title", weight="A", config=PG_CONFIG)
        + SearchVector(_or_empty(tag_names.values("names")), weight="B", config=PG_CONFIG)
        + SearchVector("standfirst", weight="C", config=PG_CONFIG)
    )
    vector = head + SearchVector("body", weight="D", config=PG_CONFIG)
    # The keys are read off the vector as it is computed here, not as stored: a second
    # UPDATE would write every row, and its index entries, twice; parsing the text twice
    # costs far less.
    keys = SearchKeys(
        vector, Cast(ArraySubquery(tagged.values("tag_id")), ArrayField(models.BigIntegerField()))
    )
    if ids is None:
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    # In batches, so a whole rebuild never meets the statement timeout.
    for start in range(0, len(ids), chunk):
        Article.objects.filter(pk__in=ids[start : start + chunk]).update(
            search_vector=vector,
            search_head=head,
            search_keys=keys,
            search_tags=_or_empty(tag_ids.values("ids")),
        )


def _or_empty(texts):
    return Coalesce(Subquery(texts), Value(""), output_field=models.TextField())
