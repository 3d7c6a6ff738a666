"""Query counts are pinned: no public page runs more queries because it shows more rows."""

from django.db import connection
from django.test import TestCase
from django.urls import reverse

from .factories import make_article, make_comment


class HomeAndTagQueryCountTests(TestCase):
    # The page of articles (one more row than shown, never a count of the whole list, which
    # is what grows with the archive: it would be a query more) with comment counts, and
    # their tags.
    LIST_QUERIES = 2
    # The tag itself, then the same two, then the page's confirmed companies (the chips).
    TAG_QUERIES = 4

    def assert_list_queries(self, n_articles):
        for i in range(n_articles):
            make_article(title=f"Story {i}", tags=["Markets", f"Topic {i}"])
        with self.assertNumQueries(self.LIST_QUERIES):
            self.assertEqual(self.client.get(reverse("articles:article-list")).status_code, 200)
        with self.assertNumQueries(self.TAG_QUERIES):
            response = self.client.get(reverse("articles:tag-detail", args=["markets"]))
            self.assertEqual(response.status_code, 200)

    def test_one_article(self):
        self.assert_list_queries(1)

    def test_thirty_articles(self):
        self.assert_list_queries(30)


class ArticlePageQueryCountTests(TestCase):
    # The article, its authors, its corrections, its tags, its approved comments, its
    # published copies (copies app); with tags, two queries for related articles (one when
    # five share two tags or more: articles/related.py); its confirmed companies and its key
    # figures (the companies and figures apps).
    DETAIL_QUERIES = 10

    def test_no_comments_no_tags(self):
        article = make_article()
        with self.assertNumQueries(self.DETAIL_QUERIES - 2):
            self.client.get(article.get_absolute_url())

    def test_fifty_comments_and_twenty_tags(self):
        article = make_article(tags=[f"Tag {i}" for i in range(20)])
        for _ in range(50):
            make_comment(article)
        with self.assertNumQueries(self.DETAIL_QUERIES):
            response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "50 comments")
        self.assertContains(response, 'rel="tag"', count=20)

    def test_twenty_related_articles(self):
        """Related articles come in one query however many there are."""
        article = make_article(tags=["Markets", "Banks"])
        for i in range(20):
            make_article(title=f"Related {i}", tags=["Markets"])
        with self.assertNumQueries(self.DETAIL_QUERIES):
            response = self.client.get(article.get_absolute_url())
        self.assertEqual(len(response.context["related_articles"]), 5)

    def test_five_sharing_two_tags_take_one_query(self):
        """Five articles sharing two tags fill the list: the newest sharing one are not
        looked for."""
        article = make_article(tags=["Markets", "Banks"])
        for i in range(5):
            make_article(title=f"Close {i}", tags=["Markets", "Banks"])
        for i in range(5):
            make_article(title=f"Loose {i}", tags=["Markets"])
        with self.assertNumQueries(self.DETAIL_QUERIES - 1):
            response = self.client.get(article.get_absolute_url())
        self.assertEqual(
            sorted(related.title for related in response.context["related_articles"]),
            [f"Close {i}" for i in range(5)],
        )


class DiscoveryQueryCountTests(TestCase):
    """Search, archives and the tag index: a fixed number of queries whatever the rows."""

    # The newest matches (at most SEARCH_MAX_RESULTS, with their dates and tag ids: the count,
    # the years and the tag counts need no query), the page of results, their snippets, the
    # names of the tags shown (the page's and the most frequent), the page's confirmed
    # companies (the chips).
    SEARCH_QUERIES = 5
    # On PostgreSQL the snippets need no query, and the tags' names and the companies come
    # in the page's query; the matches come with their planner settings in the same
    # statement, after reading the words' statistics (kept ten minutes) and looking up
    # where the first search window starts (kept a minute), and inside a transaction (a
    # test's) the settings are put back after: three more.
    SEARCH_QUERIES_POSTGRESQL = SEARCH_QUERIES - 3 + 3
    # The archive index: one grouped query for every month's count.
    ARCHIVE_INDEX_QUERIES = 1
    # Month page: whether the month has articles, its days, the previous and next months
    # with articles, the paginator count, the page with comment counts, their tags.
    MONTH_QUERIES = 7
    # Tag index: every public tag with its count, in one grouped query (kept in the shared
    # cache when the page cache is on: test_page_cache.TagCountTests).
    TAG_INDEX_QUERIES = 1

    def assert_counts(self, n_articles):
        import datetime

        for i in range(n_articles):
            make_article(
                title=f"Copper story {i}",
                tags=["Markets", f"Topic {i}"],
                published_at=datetime.datetime(2018, 1 + i % 12, 1 + i % 28, tzinfo=datetime.UTC),
            )
        search_queries = (
            self.SEARCH_QUERIES_POSTGRESQL
            if connection.vendor == "postgresql"
            else self.SEARCH_QUERIES
        )
        checks = [
            (search_queries, reverse("articles:search") + "?q=copper"),
            (self.ARCHIVE_INDEX_QUERIES, reverse("articles:archive")),
            (self.MONTH_QUERIES, reverse("articles:archive-month", args=[2018, 1])),
            (self.TAG_INDEX_QUERIES, reverse("articles:tag-index")),
        ]
        for queries, url in checks:
            with self.subTest(url=url), self.assertNumQueries(queries):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_one_article(self):
        self.assert_counts(1)

    def test_forty_articles(self):
        self.assert_counts(40)
