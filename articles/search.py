"""Full-text search: one query language, one index per database, one code path keeping it current.

Readers type web-search syntax: words, "quoted phrases", `or` between alternatives and `-word`
to exclude. parse_query() turns that into a small tree once; PostgreSQL gets it as a tsquery
over the stored weighted vector (GIN-indexed, with exact keys for word pairs and tags beside
it: phrase_keys(), filter_by_tag()), SQLite as an FTS5 expression over the
articles_article_fts table. Every query term is reduced to plain words first, so no reader
input is ever read as operator syntax by either engine.

search_queryset() ranks at most SEARCH_MAX_RESULTS matches (the newest), so that a word
found in half the archive costs no more than a rare one; attach_snippets() highlights the
page shown. index_articles() is the only writer of both indexes (and of each article's
search_tags, its tag ids for the counts). Article.save() calls it,
and the signal receivers at the bottom call it when tags are added, removed, renamed or
deleted.
"""

import contextlib
import datetime
import functools
import html
import itertools
import re
import time
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    Func,
    Lookup,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.db.models.lookups import GreaterThanOrEqual
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import mark_safe

# The text-search configuration on PostgreSQL: English stemming and stop words.
PG_CONFIG = "english"
FTS_TABLE = "articles_article_fts"
# bm25 column weights of the FTS5 table's rank column (title above tags above standfirst
# above body), for direct queries of the index; search_queryset() ranks more cheaply.
FTS_WEIGHTS = (10.0, 5.0, 2.0, 1.0)
MAX_TERMS = 12
MAX_WORD_LENGTH = 60
SNIPPET_WORDS = 32
# Highlight markers: control characters never stored in an article, so they cannot be forged;
# highlight() escapes everything else and only then turns them into <mark> elements.
MARK_START, MARK_END = "\x02", "\x03"

# Left out of searches unless quoted, on both databases alike.
STOP_WORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in"}
    | {"is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "with"}
)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


@dataclass
class ParsedQuery:
    """AND of groups; each group an OR of phrases; a phrase is a tuple of words."""

    groups: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    truncated: bool = False

    def __bool__(self):
        # Only exclusions would match nearly everything: not a search.
        return bool(self.groups)

    def fts5(self):
        """The FTS5 MATCH expression: every phrase double-quoted, so it is only ever words."""

        expression = " AND ".join(
            "(" + " OR ".join(_fts_phrase(p) for p in group) + ")" for group in self.groups
        )
        for words in self.excluded:
            expression = f"({expression}) NOT {_fts_phrase(words)}"
        return expression

    def tsquery(self):
        from django.contrib.postgres.search import SearchQuery

        def phrase(words):
            kind = "phrase" if len(words) > 1 else "plain"
            return SearchQuery(" ".join(words), search_type=kind, config=PG_CONFIG)

        query = None
        for group in self.groups:
            alternatives = phrase(group[0])
            for words in group[1:]:
                alternatives |= phrase(words)
            query = alternatives if query is None else query & alternatives
        for words in self.excluded:
            query &= ~phrase(words)
        return query


class UtcTime(Func):
    """`published_at` as UTC wall time, as the search index held it in migrations 0006 and
    0007 (UtcDay since 0008)."""

    template = "timezone('UTC', %(expressions)s)"
    output_field = models.DateTimeField()


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


def parse_query(text):
    """Parse web-search syntax into a ParsedQuery; never fails, whatever the input."""
    parsed = ParsedQuery()
    pending_or = False
    terms = 0
    for match in _TOKEN.finditer(text.replace("\x00", " ")):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare.lower() == "or":
            pending_or = bool(parsed.groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        words = tuple(w[:MAX_WORD_LENGTH] for w in _WORD.findall((quoted or bare or "").lower()))
        if not words or (bare is not None and len(words) == 1 and words[0] in STOP_WORDS):
            pending_or = False
            continue
        if terms == MAX_TERMS:
            parsed.truncated = True
            break
        terms += 1
        if negated:
            parsed.excluded.append(words)
        elif pending_or:
            parsed.groups[-1].append(words)
        else:
            parsed.groups.append([words])
        pending_or = False
    return parsed


def highlight(raw):
    """Escape a snippet from the database and mark the matched words."""
    raw = _SPACES.sub(" ", html.unescape(raw or "")).strip()
    if raw.count(MARK_START) != raw.count(MARK_END):
        raw = raw.replace(MARK_START, "").replace(MARK_END, "")
    text = escape(raw).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(text)  # nosec B308 B703: escaped above; only our <mark> tags are added


def plain_text(body):
    """The words of a (sanitised) article body without its markup."""
    return html.unescape(_TAG.sub(" ", body or ""))


def is_postgresql():
    return connection.vendor == "postgresql"


def _parsed(text):
    return text if isinstance(text, ParsedQuery) else parse_query(text)


class NotIndexed(Func):
    """SQLite's unary plus: the article id is compared but not used to choose an index.

    Without it SQLite looks up every full-text match by primary key (tens of thousands for
    a common word); with it, it walks the (status, published_at) index newest first and
    stops at the limit, checking each id against the matches.
    """

    template = "+%(expressions)s"
    output_field = models.BigIntegerField()


def _fts_rowids(expression):
    from .models import ArticleSearchEntry

    return ArticleSearchEntry.objects.filter(fts__match=expression).values("article_id")


def match_queryset(queryset, text):
    """Only the filter: what `text` matches in `queryset`."""
    parsed = _parsed(text)
    if not parsed:
        return queryset.none()
    if is_postgresql():
        matches = queryset.filter(search_vector=parsed.tsquery())
        keys = phrase_keys(parsed)
        return matches.filter(HoldsKeys(F("search_keys"), keys)) if keys else matches
    return queryset.alias(fts_id=NotIndexed("pk")).filter(fts_id__in=_fts_rowids(parsed.fts5()))


def filter_by_tag(queryset, tag_id):
    """The articles of `queryset` tagged `tag_id`; on PostgreSQL, through the search index.

    For a search: there the tag's key (search_keys) lets the one GIN index answer the words
    and the tag together, where a join would read every match and every tagged row.
    """
    if is_postgresql():
        return queryset.filter(HoldsKeys(F("search_keys"), [f"t{int(tag_id)}"]))
    return queryset.filter(tags=tag_id)


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


def phrase_keys(text):
    """The word-pair keys that every match of `text` must hold (PostgreSQL).

    Only phrases every match must contain count: those alone in their group, not one of
    several alternatives or an excluded one.
    """
    keys = set()
    for group in _parsed(text).groups:
        if len(group) == 1 and len(group[0]) > 1:
            keys.update(_pair_keys(group[0]))
    return keys


@functools.lru_cache(maxsize=1024)
def _pair_keys(words):
    # Asked of PostgreSQL, so the pairs come from its own parser and stemmer, exactly as the
    # stored keys did: a stop word leaves a gap, and no key spans one. Cached per process:
    # the keys depend on the words alone.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(articles_search_keys(to_tsvector(%s::regconfig, %s), '{}'))",
            [PG_CONFIG, " ".join(words)],
        )
        return tuple(cursor.fetchone()[0])


class Match(NamedTuple):
    """One of the newest matches of a search: enough to rank, count and facet it."""

    pk: int
    published_at: datetime.datetime
    year: int
    rank: float
    tags: str

    def order(self):
        # Best first; ties go to the newest, then the highest id.
        return (-self.rank, -self.published_at.timestamp(), -self.pk)

    def tag_ids(self):
        return [int(pk) for pk in (self.tags or "").split()]


def search_queryset(queryset, text, limit=None):
    """Matches of `text` in `queryset`, annotated with `rank`, best first.

    `text` is a string in web-search syntax or an already parsed query. At most `limit`
    matches (SEARCH_MAX_RESULTS) are ranked: the newest ones, after every filter of
    `queryset` (newest_matches(), which runs now), so that ranking, counting and the facets
    never touch more than `limit` rows however common the words are.
    Snippets come from attach_snippets(), for the page shown only.
    """
    parsed = _parsed(text)
    if not parsed:
        return queryset.none()
    ids = [match.pk for match in newest_matches(queryset, parsed, limit)]
    # The ids passed every filter of `queryset` (the published() gate included); repeating
    # those filters would only lead SQLite to scan an index instead of fetching the ids.
    ranked = queryset.model._default_manager.filter(InIds(F("pk"), ids))
    if not is_postgresql():
        ranked = ranked.alias(fts_id=NotIndexed("pk"))
    ranked = ranked.annotate(rank=rank_expression(parsed))
    return ranked.order_by("-rank", "-published_at", "-id")


def newest_matches(queryset, text, limit=None):
    """The newest `limit` matches of `text` in `queryset` (Match tuples), newest first.

    Each carries its rank, so the view sorts them and loads only the page it shows.
    """
    parsed = _parsed(text)
    if not parsed:
        return []
    limit = limit or settings.SEARCH_MAX_RESULTS
    if is_postgresql():
        # Ordered by an expression no index serves: PostgreSQL then takes the matches from
        # the GIN index (no vector read) and sorts them, instead of walking the date index
        # and reading, out of line, the vector of every article it passes.
        newest = F("published_at") + Value(datetime.timedelta(0))
    else:
        newest = F("published_at")
    rows = (
        match_queryset(queryset, parsed)
        .order_by(newest.desc())
        .values_list(
            "pk",
            "published_at",
            ExtractYear("published_at"),
            rank_expression(parsed),
            "search_tags",
        )
    )
    return [Match(*row) for row in _newest_rows(rows, limit, parsed)]


def rank_expression(text):
    """How well an article matches, for ranking (higher is better).

    PostgreSQL ranks with ts_rank over the weighted title (A), tags (B) and standfirst (C):
    a small vector kept in the row, not the whole one, which is stored out of line and
    would be read and decompressed for each match. SQLite ranks by where the whole query
    matches: title (8), tags (4), standfirst (2), body (1), summed; FTS5's own bm25 costs
    too much for a word found in half the archive. So on both, it is where the words are
    found; an article that matches in its body alone ranks below, by date. On SQLite the
    queryset needs the `fts_id` alias (match_queryset() gives it).
    """
    parsed = _parsed(text)
    if is_postgresql():
        from django.contrib.postgres.search import SearchRank

        return SearchRank(F("search_head"), parsed.tsquery())
    positive = " AND ".join(
        "(" + " OR ".join(_fts_phrase(p) for p in group) + ")" for group in parsed.groups
    )
    rank = Value(1.0)
    for column, weight in (("title", 8.0), ("tags", 4.0), ("standfirst", 2.0)):
        in_column = _fts_rowids(f"{{{column}}} : ({positive})")
        rank += Case(When(fts_id__in=in_column, then=Value(weight)), default=Value(0.0))
    return ExpressionWrapper(rank, output_field=models.FloatField())


# How many of the newest articles a search looks among before it looks among all of them
# (see _newest_rows).
SEARCH_WINDOWS = (1_000, 3_000, 10_000, 30_000)


def _newest_rows(newest, limit, parsed):
    if not is_postgresql():
        return list(newest[:limit])
    # A word found in half the archive matches tens of thousands of articles, and each
    # would be read to find the newest. So look among the newest articles first: as many
    # as PostgreSQL's statistics say will hold `limit` matches, then as many as the rate
    # found says, then all. The first try that finds `limit` matches has found the newest
    # `limit` of all, and each try reads about as many articles as it finds.
    # Each try after the first reads only the articles older than the last one's bound: the
    # matches newer than that are already in hand.
    rows, before = [], None
    with _index_only_plans():
        window = _first_window(parsed, limit)
        while True:
            since = _published_since(window) if window else None
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
            rows += candidates[: limit - len(rows)]
            if len(rows) >= limit or since is None:
                return rows
            # Too few: at the rate found, this many articles would hold `limit` matches (and
            # a quarter more, to be safe); the next try is the first window that wide.
            needed = limit * window * 5 // (4 * max(len(rows), 1))
            window = next((w for w in SEARCH_WINDOWS if w > window and w >= needed), None)
            before = since


def _first_window(parsed, limit):
    """The first window that should hold `limit` matches, by the estimated rate of matches.

    None (all articles) for a query whose words are too rare to fill any window. A wrong
    estimate never changes the results, only how many tries find them.
    """
    rate = _estimated_rate(parsed)
    if rate is None:
        return SEARCH_WINDOWS[0]
    needed = limit * 5 / (4 * rate) if rate else float("inf")
    return next((w for w in SEARCH_WINDOWS if w >= needed), None)


def _estimated_rate(parsed):
    """The share of articles that match, from the lexeme frequencies PostgreSQL's ANALYZE
    keeps for the vector, as its planner estimates them: words independent, a word not
    among the most common rarer than the rarest of them. None without statistics."""
    frequencies = _lexeme_frequencies()
    if not frequencies:
        return None
    unlisted = min(frequencies.values()) / 2

    def phrase_rate(words):
        rate = 1.0
        for stem in _stems(w for w in words if w not in STOP_WORDS):
            rate *= frequencies.get(stem, unlisted)
        return rate

    rate = 1.0
    for group in parsed.groups:
        rate *= min(1.0, sum(phrase_rate(words) for words in group))
    return rate


# Read from pg_stats, kept ten minutes per process: it changes only when ANALYZE runs.
LEXEME_STATS_SECONDS = 600
_lexeme_stats = {}


def _lexeme_frequencies():
    known = _lexeme_stats.get("frequencies")
    if known is not None and known[1] > time.monotonic():
        return known[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = 'articles_article' AND attname = 'search_vector' "
            "AND schemaname = current_schema()"
        )
        row = cursor.fetchone()
    # The frequencies list ends with three summary figures after one per lexeme.
    frequencies = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _lexeme_stats["frequencies"] = (frequencies, time.monotonic() + LEXEME_STATS_SECONDS)
    return frequencies


# Where each window starts, kept a minute per process. Any bound gives the same results
# (a window that holds `limit` matches holds the newest `limit`), so an old one costs at
# most a wider second try; it never makes a search wrong.
WINDOW_BOUND_SECONDS = 60
_window_bounds = {}


def _published_since(count):
    """The UTC day of the count-th newest published article (None: fewer than count)."""
    from .models import Article

    known = _window_bounds.get(count)
    if known is not None and known[1] > time.monotonic():
        return known[0]
    times = (
        Article.objects.published()
        .order_by("-published_at")
        .values_list("published_at", flat=True)[count - 1 : count]
    )
    bound = None
    for published in times:
        bound = published.astimezone(datetime.UTC).date()
    _window_bounds[count] = (bound, time.monotonic() + WINDOW_BOUND_SECONDS)
    return bound


@contextlib.contextmanager
def _index_only_plans():
    # PostgreSQL prices reading a vector far below its cost (it is stored out of line), so
    # for a common word it would rather scan the whole table, and for a queryset joined to
    # the tags (Article.objects.filter(tags=...).search(), not the search page, which uses
    # the tag keys) it would rather read the vector of every article with the tag. The GIN
    # index answers without reading any vector: sequential scans and nested loops are ruled
    # out, which leaves the index, then a hash join where there is a join.
    # SET LOCAL ends with the transaction; inside a longer one (a savepoint here) the settings
    # are put back, so that the rest keeps its plans.
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_nestloop = off")
        try:
            yield
        finally:
            if nested:
                cursor.execute(
                    "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL enable_nestloop TO DEFAULT"
                )


def attach_snippets(articles, text):
    """Give each article of a page of results its highlighted `snippet_raw` (one query on
    SQLite, none on PostgreSQL)."""
    parsed = _parsed(text or "")
    articles = list(articles)
    if not parsed or not articles:
        return articles
    if is_postgresql():
        # ts_headline would parse each whole body again in the database, the costliest part
        # of a search; the page's bodies are loaded anyway, so the words are found here,
        # by the same Snowball stemmer PostgreSQL's english configuration uses.
        stems = {stem for group in parsed.groups for words in group for stem in _stems(words)}
        rows = ((article.pk, body_snippet(article.body, stems)) for article in articles)
    else:
        from .models import ArticleSearchEntry

        snippet = Func(
            template=(
                f"snippet({FTS_TABLE}, 3, char(2), char(3), '\N{HORIZONTAL ELLIPSIS}', "
                f"{SNIPPET_WORDS})"
            ),
            output_field=models.TextField(),
        )
        rows = (
            ArticleSearchEntry.objects.filter(
                fts__match=parsed.fts5(), article_id__in=[article.pk for article in articles]
            )
            .annotate(s=snippet)
            .values_list("article_id", "s")
        )
    snippets = dict(rows)
    for article in articles:
        article.snippet_raw = snippets.get(article.pk, "")
    return articles


@functools.cache
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def _stems(words):
    return _stemmer().stemWords(list(words))


@functools.lru_cache(maxsize=256)
def _candidates(stems):
    # A word can only stem to one of `stems` if it starts as the stem does: a quick first
    # pass in the regular-expression engine; only what it finds is stemmed.
    prefixes = sorted({stem[:3] for stem in stems if stem})
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, prefixes)) + r")\w*", re.IGNORECASE)


def body_snippet(body, stems, size=SNIPPET_WORDS):
    """About `size` words of the body from a little before the first word whose stem is in
    `stems`, matched words between MARK_START and MARK_END, "…" where the text is cut.
    With no match (a title-only one, say) it is the opening."""
    text = plain_text(body)
    start = 0
    stems = frozenset(stems)
    if stems:
        for match in _candidates(stems).finditer(text):
            if _stems([match.group().lower()])[0] in stems:
                before = list(
                    _WORD.finditer(text, max(0, match.start() - 40 * size), match.start())
                )
                keep = before[-(size // 4) :]
                start = keep[0].start() if keep else match.start()
                break
    tokens = list(itertools.islice(_WORD.finditer(text, start), size + 1))
    if not tokens:
        return ""
    more = len(tokens) > size
    tokens = tokens[:size]
    marked = _stems([token.group().lower() for token in tokens]) if stems else []
    pieces, position = [], tokens[0].start()
    for i, token in enumerate(tokens):
        pieces.append(text[position : token.start()])
        word = token.group()
        pieces.append(f"{MARK_START}{word}{MARK_END}" if stems and marked[i] in stems else word)
        position = token.end()
    ellipsis = "\N{HORIZONTAL ELLIPSIS}"
    opening = _WORD.search(text)
    cut_before = opening is not None and opening.start() < tokens[0].start()
    return (ellipsis if cut_before else "") + "".join(pieces) + (ellipsis if more else "")


def _fts_phrase(words):
    return '"' + " ".join(words) + '"'


def index_articles(ids=None):
    """Bring the search index up to date for these article ids (all articles if None)."""
    if ids is not None:
        ids = [pk for pk in ids if pk is not None]
        if not ids:
            return
    if is_postgresql():
        _index_postgresql(ids)
    elif connection.vendor == "sqlite":
        _index_sqlite(ids)


def _index_postgresql(ids, chunk=1000):
    from django.contrib.postgres.aggregates import StringAgg
    from django.contrib.postgres.expressions import ArraySubquery
    from django.contrib.postgres.fields import ArrayField
    from django.contrib.postgres.search import SearchVector

    from .models import Article, TaggedArticle

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


def _index_sqlite(ids, chunk=500):
    from .models import Article, TaggedArticle

    if ids is None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # nosec B608: a constant table name
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        clear = False
    else:
        clear = True
    for start in range(0, len(ids), chunk):
        batch = ids[start : start + chunk]
        names, tag_ids = {}, {}
        tagged = (
            TaggedArticle.objects.filter(content_object_id__in=batch)
            .order_by("tag_id")
            .values_list("content_object_id", "tag_id", "tag__name")
        )
        for article_id, tag_id, name in tagged:
            names.setdefault(article_id, []).append(name)
            tag_ids.setdefault(article_id, []).append(str(tag_id))
        rows = [
            (pk, title, " ".join(names.get(pk, ())), standfirst, plain_text(body))
            for pk, title, standfirst, body in Article.objects.filter(pk__in=batch).values_list(
                "pk", "title", "standfirst", "body"
            )
        ]
        with connection.cursor() as cursor:
            if clear:
                placeholders = ", ".join(["%s"] * len(batch))
                # Only the constant table name and %s placeholders are formatted in.
                delete = f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})"  # nosec B608
                cursor.execute(delete, batch)
            insert = (
                f"INSERT INTO {FTS_TABLE} (rowid, title, tags, standfirst, body) "  # nosec B608
                "VALUES (%s, %s, %s, %s, %s)"
            )
            cursor.executemany(insert, rows)
            update = "UPDATE articles_article SET search_tags = %s WHERE id = %s"
            cursor.executemany(update, [(" ".join(tag_ids.get(pk, ())), pk) for pk in batch])


def _article_ids_with_tags(tag_ids):
    from .models import TaggedArticle

    return list(
        TaggedArticle.objects.filter(tag_id__in=tag_ids)
        .values_list("content_object_id", flat=True)
        .distinct()
    )


@receiver(m2m_changed, sender="articles.TaggedArticle")
def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    from .models import Article

    if isinstance(instance, Article):
        index_articles([instance.pk])
    elif pk_set:
        index_articles(list(pk_set))


@receiver(post_save, sender="taggit.Tag")
def _tag_renamed(sender, instance, created, **kwargs):
    if not created:
        index_articles(_article_ids_with_tags([instance.pk]))


@receiver(pre_delete, sender="taggit.Tag")
def _tag_deleting(sender, instance, **kwargs):
    instance._search_article_ids = _article_ids_with_tags([instance.pk])


@receiver(post_delete, sender="taggit.Tag")
def _tag_deleted(sender, instance, **kwargs):
    index_articles(getattr(instance, "_search_article_ids", None) or [])


@receiver(post_delete, sender="articles.Article")
def _article_deleted(sender, instance, **kwargs):
    # PostgreSQL's vector went with the row; SQLite's FTS5 table is separate.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            delete = f"DELETE FROM {FTS_TABLE} WHERE rowid = %s"  # nosec B608: constant name
            cursor.execute(delete, [instance.pk])
