"""Common words are looked for among the newest articles first (on PostgreSQL): the results
must be exactly the newest matches of the whole archive, whatever the windows find.

The windows are set small with the SEARCH_WINDOWS setting; on SQLite, which reads the
newest matches directly, the same tests hold.
"""

import datetime
import itertools
import unittest

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from articles.search import clear_caches, switches

from .factories import make_article


class SearchWindowTests(TestCase):
    """With windows of 2 and 8 articles and 3 results wanted: a first window too small, a
    second one wide enough, and words that reach past every window."""

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

    def get(self, **params):
        with self.settings(SEARCH_WINDOWS=(2, 8), SEARCH_MAX_RESULTS=3):
            response = self.client.get(reverse("articles:search"), params)
        self.assertEqual(response.status_code, 200)
        return response

    def search(self, **params):
        response = self.get(**params)
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
        response = self.get(q="nickel")
        self.assertContains(response, "3 or more results")
        years = {row["year"]: row["article_count"] for row in response.context["year_facets"]}
        self.assertEqual(sum(years.values()), 3)


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
        for windows, limit, word in itertools.product(
            [(2,), (2, 5), (3, 7, 11), (5, 13, 21)], [1, 3, 4, 7], self.WORDS
        ):
            with self.subTest(windows=windows, limit=limit, word=word):
                clear_caches()
                with self.settings(SEARCH_WINDOWS=windows, SEARCH_MAX_RESULTS=limit):
                    results = Article.objects.published().search(word)
                    found = [article.pk for article in results]
                expected = list(
                    results.all_matches()
                    .order_by("-published_at", "-id")
                    .values_list("pk", flat=True)[:limit]
                )
                self.assertEqual(len(found), len(set(found)))
                self.assertEqual(sorted(found), sorted(expected))


class SearchWindowScheduledTests(TestCase):
    """A window reaches from its first day to the newest article, a scheduled one's
    included: a queryset of every article, searched window by window, finds the same
    newest matches as without windows."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        for i in range(12):
            published = now - datetime.timedelta(days=1 + 95 * i)
            make_article(title=f"Story {i:02d} nickel", published_at=published)
        cls.scheduled = make_article(
            title="Scheduled nickel", published_at=now + datetime.timedelta(days=400)
        )

    def test_the_same_newest_matches_as_without_windows(self):
        querysets = {"published": Article.objects.published(), "all": Article.objects.all()}
        for (name, queryset), limit in itertools.product(querysets.items(), [1, 3, 5, 9]):
            with self.subTest(articles=name, limit=limit):
                clear_caches()
                with self.settings(SEARCH_WINDOWS=(2, 5), SEARCH_MAX_RESULTS=limit):
                    results = queryset.search("nickel")
                    found = [article.pk for article in results]
                expected = list(
                    results.all_matches()
                    .order_by("-published_at", "-id")
                    .values_list("pk", flat=True)[:limit]
                )
                self.assertEqual(sorted(found), sorted(expected))
        self.assertIn(self.scheduled.pk, expected)


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL's statistics size the window")
class EstimatedWindowTests(TestCase):
    """With ANALYZE's statistics the first window is sized from the words' shares: a common
    word is found in one window statement instead of two, a rare one among all articles at
    once, and the results are the newest matches whatever the estimate."""

    WORDS = ["nickel", "cobalt", "zinc", '"nickel cobalt"', "nickel -zinc", "cobalt or zinc"]

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        # "nickel" in every article, "cobalt" in every fourth, "zinc" in two; the tag Metals
        # on every third.
        for i in range(40):
            words = ["nickel"] + ["cobalt"] * (i % 4 == 0) + ["zinc"] * (i in (5, 30))
            make_article(
                title=f"Story {i:02d}",
                body=" ".join(words),
                published_at=now - datetime.timedelta(days=i + 1),
                tags=["Metals"] if i % 3 == 0 else [],
            )
        cls.metals = Tag.objects.get(name="Metals")

    def setUp(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")
        clear_caches()
        self.addCleanup(clear_caches)
        settings = self.settings(SEARCH_WINDOWS=(2, 3, 4, 5, 8, 12, 16), SEARCH_MAX_RESULTS=3)
        settings.enable()
        self.addCleanup(settings.disable)

    def statements(self, text, **options):
        """How many statements a search takes once its window bounds are known."""
        list(Article.objects.published().search(text, **options))
        with CaptureQueriesContext(connection) as queries:
            list(Article.objects.published().search(text, **options))
        return len(queries)

    def test_a_common_word_takes_one_window_statement_fewer(self):
        estimated = self.statements("nickel")
        with switches.switched_off("estimate"):
            smallest_first = self.statements("nickel")
        self.assertEqual(estimated, smallest_first - 1)

    def test_the_same_newest_matches_as_without_windows(self):
        for text, tag in itertools.product(self.WORDS, [None, self.metals.pk]):
            with self.subTest(text=text, tag=tag):
                clear_caches()
                results = Article.objects.published().search(text, tag=tag)
                found = [article.pk for article in results]
                expected = list(
                    results.all_matches()
                    .order_by("-published_at", "-id")
                    .values_list("pk", flat=True)[:3]
                )
                self.assertTrue(expected)
                self.assertEqual(sorted(found), sorted(expected))
