"""Full-text search through its one public path, Article.objects.published().search(), on
SQLite and PostgreSQL alike: language, ranking, snippets, and the index following edits.

The search page's own tests are in test_search_page.py, the windows of newest articles in
test_search_windows.py, PostgreSQL's exact keys in test_search_keys.py.
"""

import datetime
import io
import unittest

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from articles.search import parse_query

from .factories import make_article


def at(year, month=6, day=1):
    return datetime.datetime(year, month, day, 9, 0, tzinfo=datetime.UTC)


def titles(results):
    return [article.title for article in results]


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.copper = make_article(
            title="Copper prices climb",
            standfirst="Mines in Chile halted output.",
            body="<p>The copper market rallied as <b>mining</b> shares rose &amp; held.</p>",
            tags=["Commodities", "Chile"],
            published_at=at(2018),
        )
        cls.zinc = make_article(
            title="Zinc slips",
            body="Zinc fell while copper was flat and nickel rose.",
            tags=["Commodities"],
            published_at=at(2019),
        )
        cls.banks = make_article(
            title="Banks report profits",
            body="Lenders in Europe reported higher profits. Interest rates helped.",
            tags=["Banks"],
            published_at=at(2019, 7),
        )
        cls.draft = make_article(
            title="Copper draft", body="copper copper", status=Article.Status.DRAFT
        )
        # Unrelated articles, as in any real archive, so that the words above are distinctive.
        for topic in ["Shipping", "Retail", "Airlines", "Tourism", "Telecoms", "Energy"]:
            make_article(title=f"{topic} outlook", body=f"An outlook for {topic.lower()}.")
        cls.future = make_article(
            title="Copper tomorrow",
            body="copper",
            published_at=timezone.now() + datetime.timedelta(days=1),
        )

    def search(self, text):
        return titles(Article.objects.published().search(text))

    def test_ranked_title_above_tags_above_body(self):
        """A word in the title ranks above the same word only in the body."""
        self.assertEqual(self.search("copper"), ["Copper prices climb", "Zinc slips"])
        self.assertEqual(self.search("chile"), ["Copper prices climb"])
        make_article(title="Battery makers", body="Lithium demand rose.", published_at=at(2020))
        make_article(title="Metals weekly", body="Notes on tin.", tags=["Lithium"])
        self.assertEqual(self.search("lithium"), ["Metals weekly", "Battery makers"])

    def test_stemming(self):
        """Word forms match: "climbing" finds "climb", "profit" finds "profits"."""
        self.assertEqual(self.search("climbing"), ["Copper prices climb"])
        self.assertEqual(self.search("profit"), ["Banks report profits"])

    def test_web_search_syntax(self):
        """Quoted phrases, `or` and `-word` work as on web search engines."""
        self.assertEqual(self.search('"copper market"'), ["Copper prices climb"])
        self.assertEqual(self.search('"market copper"'), [])
        self.assertEqual(
            sorted(self.search("zinc or banks")), ["Banks report profits", "Zinc slips"]
        )
        self.assertEqual(self.search("copper -zinc"), ["Copper prices climb"])
        self.assertEqual(self.search('copper -"copper market"'), ["Zinc slips"])

    def test_drafts_and_future_articles_are_never_found(self):
        """The published() gate holds for search."""
        found = self.search("copper")
        self.assertNotIn("Copper draft", found)
        self.assertNotIn("Copper tomorrow", found)

    def test_index_follows_edits_and_tag_changes(self):
        """Editing an article or its tags updates what it is found by."""
        article = Article.objects.get(pk=self.banks.pk)
        self.assertEqual(self.search("dividends"), [])
        article.body = "Dividends rose."
        article.save()
        self.assertEqual(self.search("dividends"), ["Banks report profits"])
        self.assertEqual(self.search("interest"), [])
        article.tags.add("Fintech")
        self.assertEqual(self.search("fintech"), ["Banks report profits"])
        article.tags.remove("Fintech")
        self.assertEqual(self.search("fintech"), [])
        tag = Tag.objects.get(name="Banks")
        tag.name = "Lenders and underwriters"
        tag.save()
        self.assertEqual(self.search("underwriters"), ["Banks report profits"])
        tag.delete()
        self.assertEqual(self.search("underwriters"), [])

    def test_deleted_articles_leave_the_index(self):
        """A deleted article is not found any more (and does not break the search)."""
        make_article(title="Ephemeral tin story").delete()
        self.assertEqual(self.search("ephemeral"), [])

    def test_snippet_highlights_and_escapes(self):
        """Results carry a body snippet with the words marked and the rest escaped."""
        [article] = Article.objects.published().search("mining")
        self.assertIn("<mark>mining</mark>", article.search_snippet)
        self.assertIn("&amp; held", article.search_snippet)
        self.assertNotIn("<b>", article.search_snippet)
        hostile = make_article(
            title="Hostile", body="Tin &lt;script&gt;alert(1)&lt;/script&gt; tin"
        )
        [found] = Article.objects.published().filter(pk=hostile.pk).search("tin")
        self.assertNotIn("<script>", found.search_snippet)
        self.assertIn("&lt;script&gt;", found.search_snippet)
        response = self.client.get(reverse("articles:search"), {"q": "mining"})
        self.assertContains(response, "<mark>mining</mark>")

    def test_results_are_lazy_counted_sliced_and_faceted(self):
        """search() runs nothing until asked; then counts, pages and facets its matches."""
        with self.assertNumQueries(0):
            results = Article.objects.published().search("copper")
        self.assertEqual(results.count(), 2)
        self.assertEqual(len(results), 2)
        [first] = results[:1]
        self.assertEqual(first.title, "Copper prices climb")
        self.assertEqual(results[1].title, "Zinc slips")
        self.assertEqual(results.year_counts(), {2018: 1, 2019: 1})
        commodities = Tag.objects.get(name="Commodities").pk
        self.assertEqual(results.tag_counts()[commodities], 2)
        self.assertEqual(
            sorted(first.tag_ids), sorted(self.copper.tags.values_list("pk", flat=True))
        )
        self.assertFalse(Article.objects.published().search("the"))

    def test_search_within_a_tag(self):
        """tag= narrows a search to the articles with that tag."""
        chile = Tag.objects.get(name="Chile").pk
        self.assertEqual(
            titles(Article.objects.published().search("copper", tag=chile)),
            ["Copper prices climb"],
        )

    def test_rebuild_command(self):
        """rebuild_search_index rebuilds the whole index from the articles."""
        out = io.StringIO()
        call_command("rebuild_search_index", stdout=out)
        self.assertIn("Indexed 11 articles", out.getvalue())
        self.assertEqual(self.search("copper"), ["Copper prices climb", "Zinc slips"])
        if connection.vendor == "postgresql":
            # Analysed too: the words' statistics size a search's first window.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT most_common_elems::text FROM pg_stats WHERE schemaname = "
                    "current_schema() AND tablename = 'articles_article' "
                    "AND attname = 'search_vector'"
                )
                row = cursor.fetchone()
            self.assertIsNotNone(row)
            self.assertIn("copper", row[0])


class ParseQueryTests(TestCase):
    def test_structure(self):
        """The parser turns web-search syntax into AND of ORs minus exclusions."""
        parsed = parse_query('copper or zinc "bank of england" -mining -"rate cut"')
        self.assertEqual(parsed.groups, [[("copper",), ("zinc",)], [("bank", "of", "england")]])
        self.assertEqual(parsed.excluded, [("mining",), ("rate", "cut")])

    def test_nul_and_control_characters_are_only_separators(self):
        """Whatever reaches the parser, NUL included, becomes plain words."""
        self.assertEqual(parse_query("copper\x00banks").groups, [[("copper",)], [("banks",)]])

    def test_fts5_expression_is_only_quoted_words(self):
        """Every FTS5 term is a double-quoted run of words: no operator from the reader."""
        parsed = parse_query('a* NEAR(x) "b" OR -c^ col:d')
        self.assertEqual(parsed.fts5(), '(("near x") AND ("b") AND ("col d")) NOT "c"')


class SearchBackendTests(TestCase):
    def test_index_structure_for_this_database(self):
        """PostgreSQL has the named GIN index; SQLite has the FTS5 table."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_vector_idx'"
                )
                self.assertIn("USING gin", cursor.fetchone()[0])
            else:
                cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_article_fts'")
                self.assertIn("fts5", cursor.fetchone()[0])


@unittest.skipUnless(connection.vendor == "postgresql", "a PostgreSQL planner setting")
class PlannerSettingTests(TestCase):
    def test_planner_setting_does_not_outlive_the_search(self):
        """On PostgreSQL the search's planner setting is restored for the rest of the request."""
        make_article(title="Copper climbs")
        self.assertEqual(len(Article.objects.published().search("copper")), 1)
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            self.assertEqual(cursor.fetchone()[0], "on")
            cursor.execute("SHOW enable_nestloop")
            self.assertEqual(cursor.fetchone()[0], "on")
        self.assertIn(
            "(search_vector, ((timezone('UTC'::text, published_at))::date), search_keys)",
            self.index_def(),
        )

    def index_def(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_vector_idx'"
            )
            return cursor.fetchone()[0]


@unittest.skipUnless(connection.vendor == "postgresql", "a PostgreSQL planner setting")
class PlannerSettingAutocommitTests(TransactionTestCase):
    def test_planner_setting_lasts_one_statement_outside_a_transaction(self):
        """As the site runs (autocommit), the setting ends with the search's own statement."""
        make_article(title="Copper climbs")
        self.assertEqual(len(Article.objects.published().search("copper")), 1)
        self.assertFalse(connection.in_atomic_block)
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            self.assertEqual(cursor.fetchone()[0], "on")
            cursor.execute("SHOW enable_nestloop")
            self.assertEqual(cursor.fetchone()[0], "on")
