"""The search index's exact keys on PostgreSQL: word pairs for phrases, ids for tags.

They only narrow what the vector then checks, so a search must find exactly what the vector
alone finds: these tests compare the two, for phrases of every awkward kind, and follow the
tag keys through every way an article's tags change.
"""

import itertools
import re
import unittest

from django.db import connection
from django.test import TestCase
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from articles.search import parse_query
from articles.search.postgres import phrase_keys
from articles.tagging import merge_tags

from .factories import make_article

BODIES = [
    "Copper prices rose as the rise of the market lifted long-term contracts.",
    "The market rise surprised traders; copper fell, then prices rose again.",
    "Long term, the copper-price outlook is weak. Prices rose, briefly.",
    "Рынок нефти вырос, а рынок меди упал.",
    "Oil and gas: the oil gas merger; gas oil spread.",
]
PHRASES = [
    '"prices rose"',
    '"rose prices"',
    '"rise of the market"',
    '"the market rise"',
    '"long-term contracts"',
    '"long term"',
    '"copper price"',
    '"copper-price outlook"',
    '"рынок нефти"',
    '"нефти рынок"',
    '"oil gas"',
    '"gas oil spread"',
    '"the of"',
    '"market" "prices rose"',
    '"prices rose" or "market rise"',
    'copper -"prices rose"',
    '"weak prices"',
    # The title's last word and the first tag's word are neighbours in the vector too.
    '"report energy"',
]


postgresql_only = unittest.skipUnless(
    connection.vendor == "postgresql",
    "the exact keys are PostgreSQL's; SQLite's FTS5 stores positions",
)


@postgresql_only
class PhraseKeyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for i, body in enumerate(BODIES):
            make_article(title=f"Market {'ABCDE'[i]} report", body=body, tags=["Energy"])

    def by_vector_alone(self, text):
        query = parse_query(text).tsquery()
        return set(Article.objects.published().filter(search_vector=query).values_list("pk"))

    def test_every_phrase_finds_what_the_vector_alone_finds(self):
        for text in PHRASES:
            with self.subTest(text):
                found = {(a.pk,) for a in Article.objects.published().search(text)}
                self.assertEqual(found, self.by_vector_alone(text))

    def test_the_phrases_are_found_at_all(self):
        # Guards the comparison above: it must not be two empty sets.
        found = {text for text in PHRASES if self.by_vector_alone(text)}
        self.assertGreaterEqual(len(found), 12)
        self.assertIn('"рынок нефти"', found)
        self.assertIn('"report energy"', found)

    def test_phrases_with_pairs_are_narrowed_by_them(self):
        self.assertEqual(len(phrase_keys(parse_query('"prices rose"'))), 1)
        self.assertEqual(len(phrase_keys(parse_query('"gas oil spread"'))), 2)
        # A stop word leaves a gap: no pair spans it, so it adds no key.
        self.assertEqual(phrase_keys(parse_query('"rise of the market"')), set())
        # Alternatives and exclusions need not be present: they add none either.
        self.assertEqual(phrase_keys(parse_query('"prices rose" or "market rise"')), set())
        self.assertEqual(phrase_keys(parse_query('copper -"prices rose"')), set())

    def test_a_phrase_is_answered_without_reading_the_vectors_that_lack_it(self):
        # The words of the phrase are in every article; the pair in one.
        for i in range(6):
            make_article(title=f"Bulletin {i}", body="Nickel output and cobalt demand.")
        make_article(title="Cobalt nickel", body="Cobalt nickel ore.")
        text = '"cobalt nickel"'
        with connection.cursor() as cursor:
            matches = Article.objects.published().search(text).all_matches()
            sql, params = matches.query.sql_with_params()
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
        rechecked = sum(node.get("Rows Removed by Index Recheck", 0) for node in _nodes(plan))
        self.assertEqual(rechecked, 0)
        self.assertEqual(titles(Article.objects.published().search(text)), ["Cobalt nickel"])

    def test_two_words_in_a_row_are_proven_by_their_key(self):
        """The key of two neighbouring words proves the phrase, so the vector is asked only
        for the words (no positions to check); other phrases' keys do not prove them."""
        self.assertFalse(self.checks_positions('"cobalt nickel"'))
        self.assertFalse(self.checks_positions('"the cobalt nickel"'))
        self.assertTrue(self.checks_positions('"cobalt nickel ore"'))
        self.assertTrue(self.checks_positions('"cobalt of nickel"'))
        self.assertTrue(self.checks_positions('"cobalt nickel" or zinc'))

    def checks_positions(self, text):
        """Whether the query PostgreSQL runs asks the vector for words at given distances."""
        matches = Article.objects.published().search(text).all_matches()
        sql, params = matches.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        conditions = " ".join(
            node.get(key, "") for node in _nodes(plan) for key in ("Filter", "Recheck Cond")
        )
        return re.search(r"<(-|[0-9]+)>", conditions) is not None

    def test_the_search_page_finds_a_phrase(self):
        response = self.client.get(reverse("articles:search"), {"q": '"prices rose"'})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["paginator"].count, 3)

    def test_an_edited_body_is_found_by_its_new_phrase_only(self):
        article = Article.objects.get(title="Market A report")
        article.body = "Zinc stocks slumped."
        article.save()
        self.assertEqual(
            titles(Article.objects.published().search('"zinc stocks"')), [article.title]
        )
        self.assertNotIn(article.title, titles(Article.objects.published().search('"prices rose"')))


@postgresql_only
class TagKeyTests(TestCase):
    """The search page's tag filter reads the tag keys: they follow every change of tags."""

    def search_tagged(self, tag_slug, q="copper"):
        response = self.client.get(reverse("articles:search"), {"q": q, "tag": tag_slug})
        self.assertEqual(response.status_code, 200)
        return sorted(article.title for article in response.context["page_obj"].object_list)

    def test_added_and_removed_tags(self):
        article = make_article(title="Copper one", tags=["Metals"])
        make_article(title="Copper two", tags=["Energy"])
        self.assertEqual(self.search_tagged("metals"), ["Copper one"])
        article.tags.add("Energy")
        self.assertEqual(self.search_tagged("energy"), ["Copper one", "Copper two"])
        article.tags.remove("Metals")
        self.assertEqual(self.search_tagged("metals"), [])
        article.tags.clear()
        self.assertEqual(self.search_tagged("energy"), ["Copper two"])

    def test_merged_and_deleted_tags(self):
        make_article(title="Copper one", tags=["Metals"])
        make_article(title="Copper two", tags=["Mining"])
        metals, mining = Tag.objects.get(name="Metals"), Tag.objects.get(name="Mining")
        merge_tags(metals, [metals, mining])
        self.assertEqual(self.search_tagged("metals"), ["Copper one", "Copper two"])
        metals.delete()
        self.assertEqual(
            sorted(titles(Article.objects.published().search("copper"))),
            ["Copper one", "Copper two"],
        )
        self.assertFalse(
            Article.objects.filter(search_keys__isnull=True).exists(),
            "every article keeps its keys",
        )

    def test_the_filter_gives_what_a_join_gives(self):
        tags = ["Metals", "Energy", "Mining"]
        for i, combination in enumerate(
            itertools.chain.from_iterable(itertools.combinations(tags, n) for n in range(4))
        ):
            make_article(title=f"Copper {i}", tags=list(combination))
        for tag in Tag.objects.all():
            with self.subTest(tag.name):
                joined = sorted(
                    titles(Article.objects.published().filter(tags=tag).search("copper"))
                )
                self.assertEqual(self.search_tagged(tag.slug), joined)
                self.assertEqual(len(joined), 4)


def titles(queryset):
    return [article.title for article in queryset]


def _nodes(plan):
    stack = [plan[0]["Plan"]]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.get("Plans", []))
