"""Full-text search at /search/ and Article.objects.search(), on SQLite and PostgreSQL alike."""

import datetime
import io
import itertools

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import search
from articles.models import Article
from articles.search import attach_snippets, parse_query

from .factories import make_article


def at(year, month=6, day=1):
    return datetime.datetime(year, month, day, 9, 0, tzinfo=datetime.UTC)


def titles(queryset):
    return [article.title for article in queryset]


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
        [article] = attach_snippets(Article.objects.published().search("mining"), "mining")
        self.assertIn("<mark>mining</mark>", article.search_snippet)
        self.assertIn("&amp; held", article.search_snippet)
        self.assertNotIn("<b>", article.search_snippet)
        hostile = make_article(
            title="Hostile", body="Tin &lt;script&gt;alert(1)&lt;/script&gt; tin"
        )
        [snippet] = attach_snippets(
            Article.objects.published().filter(pk=hostile.pk).search("tin"), "tin"
        )
        self.assertNotIn("<script>", snippet.search_snippet)
        self.assertIn("&lt;script&gt;", snippet.search_snippet)
        response = self.client.get(reverse("articles:search"), {"q": "mining"})
        self.assertContains(response, "<mark>mining</mark>")

    def test_rebuild_command(self):
        """rebuild_search_index rebuilds the whole index from the articles."""
        out = io.StringIO()
        call_command("rebuild_search_index", stdout=out)
        self.assertIn("Indexed 11 articles", out.getvalue())
        self.assertEqual(self.search("copper"), ["Copper prices climb", "Zinc slips"])


class SearchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for year in (2017, 2018, 2018):
            make_article(title=f"Copper report {year}", tags=["Commodities"], published_at=at(year))
        make_article(title="Copper and banks", tags=["Banks"], published_at=at(2018, 3))
        make_article(title="Banks only", tags=["Banks"], published_at=at(2018, 4))

    def get(self, **params):
        return self.client.get(reverse("articles:search"), params)

    def test_results_with_counts_and_facets(self):
        """The page shows the number of results and counts by year and by tag."""
        response = self.get(q="copper")
        self.assertContains(response, "4 results for “copper”")
        self.assertEqual(
            [(row["year"], row["article_count"]) for row in response.context["year_facets"]],
            [(2018, 3), (2017, 1)],
        )
        self.assertEqual(
            [(t["name"], t["article_count"]) for t in response.context["tag_facets"]],
            [("Commodities", 3), ("Banks", 1)],
        )
        self.assertContains(response, '<a href="?q=copper&amp;year=2017">2017</a>', html=True)

    def test_filters_by_tag_and_year(self):
        """tag= and year= narrow the results."""
        self.assertEqual(
            titles(self.get(q="copper", tag="banks").context["article_list"]),
            ["Copper and banks"],
        )
        response = self.get(q="copper", year=2017)
        self.assertEqual(titles(response.context["article_list"]), ["Copper report 2017"])
        self.assertContains(response, "1 result for “copper” in 2017.")

    def test_paginated(self):
        """Ten results a page; the next page keeps the query."""
        for i in range(11):
            make_article(title=f"Nickel note {i}")
        response = self.get(q="nickel")
        self.assertEqual(len(response.context["article_list"]), 10)
        self.assertContains(response, 'href="?q=nickel&amp;page=2"')
        self.assertEqual(len(self.get(q="nickel", page=2).context["article_list"]), 1)
        self.assertEqual(self.get(q="nickel", page=3).status_code, 404)

    def test_bad_queries_give_a_sensible_page(self):
        """Empty, odd, hostile and huge queries answer 200 with a message, never an error."""
        cases = {
            "": None,
            "copper": "4 results",
            "x" * 1000: "0 results",
            "copper " * 20: "Only the first words of your search were used.",
            "'; DROP TABLE articles_article; --": "0 results",
            "1 OR 1=1": "0 results",
            '" OR "" = "': "0 results",
            '"" - -- " "': "Your search has no words to look for.",
            "NEAR(copper banks) AND * ^ : {title}": "0 results",
            "медь 銅 النحاس": "0 results",
            "-copper": "Your search has no words to look for.",
            "the": "Your search has no words to look for.",
            '"unclosed phrase': "0 results",
        }
        for query, message in cases.items():
            with self.subTest(query=query[:30]):
                response = self.get(q=query)
                self.assertEqual(response.status_code, 200)
                if message:
                    self.assertContains(response, message)
        self.assertContains(self.get(q="x" * 1001), "Search for at most 1000 characters.")
        # A NUL pasted into the box is read as a space, on a clean address.
        response = self.get(q="copper\x00banks", page="1")
        self.assertRedirects(
            response, reverse("articles:search") + "?q=copper+banks&page=1", status_code=302
        )
        response = self.client.get(response["Location"])
        self.assertContains(response, "Copper and banks")
        self.assertNotContains(response, "%00")
        response = self.client.get(reverse("articles:search"), {"q": "\x00"}, follow=True)
        self.assertContains(response, "Search the archive")
        self.assertTrue(Article.objects.filter(title="Banks only").exists())

    def test_bad_filters_are_reported(self):
        """A bad year or tag is reported, not raised."""
        for params in [{"year": "abc"}, {"year": "99999"}, {"tag": "x" * 101}, {"page": "x"}]:
            with self.subTest(params=params):
                response = self.get(q="copper", **params)
                self.assertIn(response.status_code, {200, 404})
                if "page" not in params:
                    self.assertContains(response, "That filter is not valid and was ignored")

    def test_very_common_words_rank_the_newest_matches(self):
        """Past SEARCH_MAX_RESULTS matches, the newest ones are ranked and the page says so."""
        with self.settings(SEARCH_MAX_RESULTS=3):
            response = self.get(q="copper")
            self.assertContains(response, "3 or more results, the newest 3 ranked here")
            self.assertEqual(
                sorted(titles(response.context["article_list"])),
                ["Copper and banks", "Copper report 2018", "Copper report 2018"],
            )
            # Filters apply before the limit: 2017 still has its match.
            response = self.get(q="copper", year=2017)
            self.assertEqual(titles(response.context["article_list"]), ["Copper report 2017"])

    def test_unknown_tag_filter_finds_nothing(self):
        """A tag that does not exist narrows to nothing, shown escaped."""
        response = self.get(q="copper", tag="<b>")
        self.assertContains(response, "0 results for “copper” tagged &lt;b&gt;.")

    def test_non_latin_text_is_found(self):
        """Words in other scripts are indexed and found."""
        make_article(title="Медь дорожает", body="Цены на медь выросли.")
        response = self.get(q="медь")
        self.assertEqual(titles(response.context["article_list"]), ["Медь дорожает"])

    def test_query_is_escaped_on_the_page(self):
        """The query is shown escaped."""
        response = self.get(q="<script>alert(1)</script>")
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;")


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

    def test_planner_setting_does_not_outlive_the_search(self):
        """On PostgreSQL the search's planner setting is restored for the rest of the request."""
        if connection.vendor != "postgresql":
            self.skipTest("a PostgreSQL planner setting; SQLite has none")
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


class SearchWindowTests(TestCase):
    """Common words are looked for among the newest articles first (PostgreSQL): the results
    must be exactly the newest matches of the whole archive, whatever the window finds."""

    @classmethod
    def setUpTestData(cls):
        # Twelve articles, newest first: "nickel" in all, "cobalt" only in the two oldest,
        # "zinc" in every third; the tag Metals on the even ones.
        cls.stories = []
        for i in range(12):
            words = ["nickel"] + (["cobalt"] if i >= 10 else []) + (["zinc"] if i % 3 == 0 else [])
            cls.stories.append(
                make_article(
                    title=f"Story {i:02d} " + " ".join(words),
                    published_at=timezone.now() - datetime.timedelta(days=i + 1),
                    tags=["Metals"] if i % 2 == 0 else [],
                )
            )
        make_article(title="Nickel draft", status=Article.Status.DRAFT)
        make_article(
            title="Nickel scheduled", published_at=timezone.now() + datetime.timedelta(days=1)
        )

    def newest(self, *indexes):
        return [self.stories[i].title for i in indexes]

    def search(self, **params):
        from unittest import mock

        with (
            mock.patch("articles.search.SEARCH_WINDOWS", (2, 8)),
            self.settings(SEARCH_MAX_RESULTS=3),
        ):
            response = self.client.get(reverse("articles:search"), params)
        self.assertEqual(response.status_code, 200)
        # Best match first, then newest: every title matches once, so the order is by date.
        return sorted(
            (a.title for a in response.context["page_obj"].object_list),
            key=lambda title: title[6:8],
        )

    def test_a_word_in_every_article_is_found_in_the_second_window(self):
        # The newest two articles hold two matches of the three wanted; the eight newest do.
        self.assertEqual(self.search(q="nickel"), self.newest(0, 1, 2))

    def test_a_word_in_old_articles_only_reaches_past_every_window(self):
        self.assertEqual(self.search(q="cobalt"), self.newest(10, 11))

    def test_a_word_in_some_articles_widens_the_search_until_enough_are_found(self):
        self.assertEqual(self.search(q="zinc"), self.newest(0, 3, 6))
        self.assertEqual(self.search(q="zinc nickel"), self.newest(0, 3, 6))
        self.assertEqual(self.search(q='"nickel zinc"'), self.newest(0, 3, 6))

    def test_with_a_tag_and_a_year(self):
        self.assertEqual(self.search(q="nickel", tag="metals"), self.newest(0, 2, 4))
        self.assertEqual(self.search(q="cobalt", tag="metals"), self.newest(10))
        year = self.stories[11].published_at.year
        found = self.search(q="cobalt", year=year)
        self.assertIn(self.stories[11].title, found)

    def test_the_counts_are_of_the_newest_matches(self):
        from unittest import mock

        with (
            mock.patch("articles.search.SEARCH_WINDOWS", (2, 8)),
            self.settings(SEARCH_MAX_RESULTS=3),
        ):
            response = self.client.get(reverse("articles:search"), {"q": "nickel"})
        self.assertContains(response, "3 or more results")
        years = {row["year"]: row["article_count"] for row in response.context["year_facets"]}
        self.assertEqual(sum(years.values()), 3)

    def match_queries(self, frequencies, **params):
        """The titles found, and how many tries it took, with these lexeme statistics."""
        from unittest import mock

        from django.test.utils import CaptureQueriesContext

        with (
            mock.patch("articles.search._lexeme_frequencies", return_value=frequencies),
            CaptureQueriesContext(connection) as queries,
        ):
            found = self.search(**params)
        tries = [query for query in queries.captured_queries if "ts_rank" in query["sql"]]
        return found, len(tries)

    def test_the_statistics_are_postgresqls_own(self):
        if connection.vendor != "postgresql":
            self.skipTest("pg_stats is PostgreSQL's")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")
        frequencies = search._lexeme_frequencies()
        # Nickel is in 12 of the 14 articles (the draft and the scheduled one included).
        self.assertAlmostEqual(frequencies["nickel"], 1.0, delta=0.15)
        self.assertLess(frequencies["cobalt"], 0.2)
        # 500 matches: about 580 articles for nickel, 15,000 for cobalt and zinc (2 and 4 of
        # 14, taken as independent).
        self.assertEqual(search._first_window(parse_query("nickel"), 500), 1000)
        self.assertEqual(search._first_window(parse_query("cobalt zinc"), 500), 30000)
        self.assertIsNone(search._first_window(parse_query("cobalt zinc draft"), 500))

    def test_statistics_choose_the_first_window(self):
        if connection.vendor != "postgresql":
            self.skipTest("windows are PostgreSQL's; SQLite reads the newest matches directly")
        # Common: the second window at once. Rare: all articles at once. Without statistics
        # (or with wrong ones) more tries, and always the same results.
        for frequencies, q, tries, expected in [
            ({"nickel": 1.0}, "nickel", 1, self.newest(0, 1, 2)),
            ({}, "nickel", 2, self.newest(0, 1, 2)),
            ({"nickel": 1.0, "zinc": 0.34}, "zinc", 1, self.newest(0, 3, 6)),
            ({"nickel": 0.1}, "cobalt", 1, self.newest(10, 11)),
            ({}, "cobalt", 3, self.newest(10, 11)),
            ({"cobalt": 1.0}, "cobalt", 2, self.newest(10, 11)),
        ]:
            with self.subTest(q=q, frequencies=frequencies):
                self.assertEqual(self.match_queries(frequencies, q=q), (expected, tries))


class SearchFacetTests(TestCase):
    """The tag counts and the results' tags come from the tag ids stored with the index."""

    def search(self, q="copper", **params):
        response = self.client.get(reverse("articles:search"), {"q": q, **params})
        self.assertEqual(response.status_code, 200)
        return response

    def facets(self, response):
        return [(row["name"], row["article_count"]) for row in response.context["tag_facets"]]

    def test_the_most_frequent_tags_ties_by_name(self):
        for i in range(16):
            make_article(title=f"Copper {i}", tags=["Common", f"T{16 - i:02d}"])
        make_article(title="Copper twice", tags=["Common", "T16"])
        facets = self.facets(self.search())
        self.assertEqual(len(facets), 15)
        self.assertEqual(facets[:2], [("Common", 17), ("T16", 2)])
        self.assertEqual(facets[2:], [(f"T{i:02d}", 1) for i in range(1, 14)])

    def test_each_result_shows_its_tags_by_name_with_links(self):
        make_article(title="Copper and zinc", tags=["Zinc", "aluminium", "Copper"])
        response = self.search()
        (article,) = response.context["article_list"]
        self.assertEqual([t.name for t in article.result_tags], ["aluminium", "Copper", "Zinc"])
        link = reverse("articles:tag-detail", args=["aluminium"])
        self.assertContains(response, f'<a class="tag" href="{link}" rel="tag">aluminium</a>')

    def test_counts_follow_changes_of_tags(self):
        article = make_article(title="Copper one", tags=["Metals"])
        make_article(title="Copper two", tags=["Metals"])
        self.assertEqual(self.facets(self.search()), [("Metals", 2)])
        article.tags.add("Energy")
        self.assertEqual(self.facets(self.search()), [("Metals", 2), ("Energy", 1)])
        article.tags.remove("Metals")
        Tag.objects.filter(name="Energy").update(name="Power")  # a rename needs no reindex
        self.assertEqual(self.facets(self.search()), [("Metals", 1), ("Power", 1)])
        Tag.objects.get(name="Metals").delete()
        self.assertEqual(self.facets(self.search()), [("Power", 1)])

    def test_the_migration_fills_the_tag_ids_of_stored_articles(self):
        import importlib
        import types

        from django.apps import apps

        migration = importlib.import_module("articles.migrations.0008_search_keys_and_tags")
        tagged = make_article(title="Copper one", tags=["Metals", "Energy"])
        untagged = make_article(title="Copper two")
        Article.objects.update(search_tags=None)
        # The step itself, as migrate runs it: it needs only the connection and execute().
        with connection.cursor() as cursor:
            editor = types.SimpleNamespace(connection=connection, execute=cursor.execute)
            migration.index_existing_articles(apps, editor)
        ids = sorted(tagged.tags.values_list("pk", flat=True))
        stored = dict(Article.objects.values_list("pk", "search_tags"))
        self.assertEqual(stored[tagged.pk], " ".join(map(str, ids)))
        self.assertEqual(stored[untagged.pk], "")


class SearchWindowDayTests(TestCase):
    """Windows start at a day (the index holds days): articles sharing a day with a window's
    bound are found once, never twice and never skipped, whatever the windows and limits."""

    WORDS = ["nickel", "cobalt", "zinc", "tin"]

    @classmethod
    def setUpTestData(cls):
        now = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
        # 30 articles on 9 days, several a day; each word in a different share of them.
        for i in range(30):
            words = [w for n, w in enumerate(cls.WORDS) if i % (n + 1) == 0]
            make_article(
                title=f"Story {i:02d} " + " ".join(words),
                published_at=now - datetime.timedelta(days=1 + i // 4, hours=(i * 5) % 24),
            )

    def test_the_same_newest_matches_as_without_windows(self):
        from unittest import mock

        from articles.search import match_queryset, newest_matches

        if connection.vendor != "postgresql":
            self.skipTest("windows are PostgreSQL's")
        for windows, limit, word in itertools.product(
            [(2,), (2, 5), (3, 7, 11), (5, 13, 21)], [1, 3, 4, 7], self.WORDS
        ):
            expected = list(
                match_queryset(Article.objects.published(), word)
                .order_by("-published_at", "-id")
                .values_list("title", flat=True)[:limit]
            )
            with self.subTest(windows=windows, limit=limit, word=word):
                search._window_bounds.clear()
                with (
                    mock.patch("articles.search.SEARCH_WINDOWS", windows),
                    mock.patch("articles.search._lexeme_frequencies", return_value={}),
                ):
                    found = newest_matches(Article.objects.published(), word, limit)
                titles_found = list(
                    Article.objects.filter(pk__in=[m.pk for m in found])
                    .order_by("-published_at", "-id")
                    .values_list("title", flat=True)
                )
                self.assertEqual(len(found), len({m.pk for m in found}))
                self.assertEqual(titles_found, expected)
