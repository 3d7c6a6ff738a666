"""Query counts are pinned: no public page runs more queries because it shows more rows."""

from django.test import TestCase
from django.urls import reverse

from .factories import make_article, make_comment


class HomeAndTagQueryCountTests(TestCase):
    # Count for the paginator, the page of articles with comment counts, and their tags.
    LIST_QUERIES = 3
    # The tag itself, then the same three.
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
    # The article, its tags, its approved comments.
    DETAIL_QUERIES = 3

    def test_no_comments_no_tags(self):
        article = make_article()
        with self.assertNumQueries(self.DETAIL_QUERIES):
            self.client.get(article.get_absolute_url())

    def test_fifty_comments_and_twenty_tags(self):
        article = make_article(tags=[f"Tag {i}" for i in range(20)])
        for _ in range(50):
            make_comment(article)
        with self.assertNumQueries(self.DETAIL_QUERIES):
            response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "50 comments")
        self.assertContains(response, 'rel="tag"', count=20)
