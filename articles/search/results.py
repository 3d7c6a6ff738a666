"""A search's results: the newest matches, ranked, counted and faceted from one query."""

import functools
import json
from collections import Counter
from operator import attrgetter
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import F, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear

from . import postgres, sqlite
from .expressions import InIds, json_rows, sql_of
from .query import parse_query
from .snippets import attach_snippets


class Match(NamedTuple):
    """One of the newest matches of a search: enough to rank, count and facet it."""

    pk: int
    published: float  # seconds since the epoch
    year: int
    rank: float
    tags: str

    @staticmethod
    def best_first(matches):
        """The matches best first; ties go to the newest, then the highest id."""
        # Three stable sorts on one field each: a key tuple per match costs more.
        ordered = sorted(matches, key=attrgetter("pk"), reverse=True)
        ordered.sort(key=attrgetter("published"), reverse=True)
        ordered.sort(key=attrgetter("rank"), reverse=True)
        return ordered

    def tag_ids(self):
        return [int(pk) for pk in (self.tags or "").split()]


def _backend():
    return postgres if connection.vendor == "postgresql" else sqlite


def newest_matches(queryset, parsed, limit, tag=None):
    """The newest `limit` matches of `parsed` in `queryset` (Match tuples), newest first.

    Each carries its rank, so that only the page shown need be loaded. On PostgreSQL they
    are read window by window (postgres.newest_rows()); `tag`, the id of a tag the
    queryset is already filtered by, helps size the first window.
    """
    if not parsed:
        return []
    backend = _backend()
    if backend is postgres:
        newest, tags = postgres.newest_first(), postgres.tag_ids_column(queryset.model)
    else:
        newest, tags = "-published_at", "search_tags"
    rows = (
        backend.match(queryset, parsed)
        .order_by(newest)
        .values_list("pk", "published_at", ExtractYear("published_at"), backend.rank(parsed), tags)
    )
    if backend is postgres:
        # The time comes as seconds since the epoch (postgres._ranked_sql()).
        rows = postgres.newest_rows(rows, limit, queryset.model, parsed, tag)
        return list(map(Match._make, rows))
    return [
        Match(pk, published.timestamp(), year, rank, tags)
        for pk, published, year, rank, tags in rows[:limit]
    ]


@functools.cache
def _shown_tags_sql(model):
    """json_rows() of the tags with the ids given as its one parameter, as an annotation of
    a query of `model`: compiled once a process (expressions.sql_of())."""
    tags = apps.get_model("taggit", "Tag").objects.filter(InIds(F("pk"), [0])).order_by()
    sql, params = sql_of(json_rows(tags, "pk", "name", "slug"), model)
    if list(params) != [[0]]:
        raise ValueError(f"expected the ids as the one parameter, not {params!r}")
    return sql


class SearchResults:
    """The matches of a search, best first; lazy, as a queryset is.

    Nothing runs until the results are counted, sliced, iterated or asked for their facets.
    Then the newest `limit` matches (SEARCH_MAX_RESULTS) are found at once, each with its
    rank, year and tag ids, so that however common the words, ranking, counting and the
    facets never touch more rows, and need no further query. A slice (a page) loads its
    articles in one query, each with its highlighted `search_snippet` (one query more on
    SQLite) and its `tag_ids`; with name_tags(), also its named `result_tags` and the
    results' `tag_names` (in the same query on PostgreSQL, one more on SQLite).
    """

    def __init__(self, queryset, text, *, tag=None, limit=None):
        self.model = queryset.model
        self.query = parse_query(text)
        if tag is not None:
            queryset = _backend().filter_by_tag(queryset, tag)
        self._queryset, self._tag = queryset, tag
        self._limit = limit or settings.SEARCH_MAX_RESULTS
        self._matches = None
        self._tag_counts = None
        self._sizes = None
        self._page_annotations = {}
        self._top_tags = None
        self.tag_names = {}

    def order_by_size(self, sizes):
        """Order the matches largest first by `sizes(pks)`, a {pk: number} for the matches'
        ids (one query); among equals, and for matches it leaves out, the best match first."""
        self._sizes = sizes
        self._matches = None
        return self

    def annotate_page(self, **annotations):
        """Annotate the articles of each page loaded, as QuerySet.annotate() does: what a
        page shows of related rows then comes in the page's own query (on a busy server a
        round trip to the database costs more than a small query)."""
        self._page_annotations.update(annotations)
        return self

    def name_tags(self, top):
        """With each page loaded, name its articles' tags (each one's `result_tags`, sorted
        by name) and the `top` tags most counted among the matches, all those tied at the
        last place included: `tag_names`, {tag id: Tag}, for the facets."""
        self._top_tags = top
        return self

    def _most_counted_tags(self, top):
        counts = self.tag_counts()
        if not counts or not top:
            return set()
        # Ties at the last place count too, so every tag tied there is named.
        last = sorted(counts.values(), reverse=True)[:top][-1]
        return {pk for pk, count in counts.items() if count >= last}

    @property
    def matches(self):
        """Match tuples, best first."""
        if self._matches is None:
            found = newest_matches(self._queryset, self.query, self._limit, self._tag)
            self._matches = Match.best_first(found)
            self._tag_counts = None
            if self._sizes is not None and self._matches:
                sizes = self._sizes([match.pk for match in self._matches])
                # Stable: equal sizes keep their rank order; those without one come last.
                self._matches.sort(key=lambda m: (m.pk not in sizes, -sizes.get(m.pk, 0)))
        return self._matches

    def all_matches(self):
        """Every article that matches, as a queryset: unranked, unlimited, unloaded."""
        if not self.query:
            return self._queryset.none()
        return _backend().match(self._queryset, self.query)

    def count(self):
        """How many of the newest matches there are: at most SEARCH_MAX_RESULTS."""
        return len(self.matches)

    def __len__(self):
        return self.count()

    def __bool__(self):
        return bool(self.matches)

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[slice(index, index + 1 or None)][0]
        matches = self.matches[index]
        # Neither the rendered body (the snippet comes from the body) nor the index's
        # columns are shown: the vectors are the largest values of a row.
        articles = self.model._default_manager.defer(
            "body_html", "search_vector", "search_head", "search_keys", "search_tags"
        )
        annotations = dict(self._page_annotations)
        tags = None
        if self._top_tags is not None:
            shown = {pk for match in matches for pk in match.tag_ids()}
            shown |= self._most_counted_tags(self._top_tags)
            tags = apps.get_model("taggit", "Tag").objects.filter(InIds(F("pk"), shown))
            if connection.vendor == "postgresql" and matches:
                # The same for every row: PostgreSQL runs it once, for the page's one query.
                sql, ids = _shown_tags_sql(self.model), [sorted(shown)]
                # SQL Django compiled from a queryset; the ids are a parameter.
                annotations["shown_tags"] = RawSQL(sql, ids, output_field=TextField())  # nosec B611
                tags = None
        found = articles.annotate(**annotations).in_bulk([m.pk for m in matches])
        page = []
        for match in matches:
            if match.pk in found:
                found[match.pk].tag_ids = match.tag_ids()
                page.append(found[match.pk])
        if self._top_tags is not None:
            self._name_tags(page, tags)
        return attach_snippets(page, self.query)

    def _name_tags(self, page, tags):
        if tags is not None:
            self.tag_names = tags.only("name", "slug").in_bulk()
        elif page:
            Tag = apps.get_model("taggit", "Tag")
            self.tag_names = {
                pk: Tag(pk=pk, name=name, slug=slug)
                for pk, name, slug in json.loads(page[0].shown_tags)
            }
        for article in page:
            article.result_tags = sorted(
                (self.tag_names[pk] for pk in article.tag_ids if pk in self.tag_names),
                key=lambda tag: tag.name.lower(),
            )

    def year_counts(self):
        """How many matches each year holds: a Counter {year: count}."""
        return Counter(match.year for match in self.matches)

    def tag_counts(self):
        """How many matches carry each tag: a Counter {tag id: count}."""
        matches = self.matches
        if self._tag_counts is None:
            # Split and counted as text in one pass (500 matches' ids parsed one by one cost
            # more than the rest of the facets), then keyed by id. Kept: the facets and the
            # naming of the most counted tags both ask.
            counts = Counter(" ".join(match.tags or "" for match in matches).split())
            self._tag_counts = Counter({int(pk): count for pk, count in counts.items()})
        return Counter(self._tag_counts)
