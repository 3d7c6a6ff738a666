"""sitemap.xml (split past its limit) and robots.txt."""

import datetime
from unittest import mock

from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from articles.sitemaps import ArticleSitemap

from .factories import make_article


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Copper climbs", tags=["Commodities"])
        make_article(title="Draft story", status=Article.Status.DRAFT, tags=["Secret"])

    def test_index_lists_sections(self):
        """/sitemap.xml is an index of the articles, tags and pages sections."""
        response = self.client.get(reverse("sitemap"))
        self.assertEqual(response.status_code, 200)
        for section in ["articles", "tags", "pages"]:
            self.assertContains(response, f"<loc>http://testserver/sitemap-{section}.xml</loc>")

    def test_articles_with_lastmod_and_tags(self):
        """Public articles appear with their last change; tag pages with theirs; no drafts."""
        articles = self.client.get(reverse("sitemap-section", args=["articles"]))
        self.assertContains(articles, "<loc>http://testserver/articles/copper-climbs/</loc>")
        self.assertContains(
            articles, f"<lastmod>{self.article.updated_at.date().isoformat()}</lastmod>"
        )
        self.assertNotContains(articles, "draft-story")
        tags = self.client.get(reverse("sitemap-section", args=["tags"]))
        self.assertContains(tags, "<loc>http://testserver/tags/commodities/</loc>")
        self.assertNotContains(tags, "secret")

    def test_split_past_the_limit(self):
        """Past the per-file limit (50,000; 2 here) the section is split into pages."""
        for i in range(4):
            make_article(
                title=f"More {i}",
                published_at=datetime.datetime(2017, 1, 1 + i, tzinfo=datetime.UTC),
            )
        with mock.patch.object(ArticleSitemap, "limit", 2):
            index = self.client.get(reverse("sitemap"))
            self.assertContains(index, "sitemap-articles.xml?p=3")
            page3 = self.client.get(reverse("sitemap-section", args=["articles"]), {"p": 3})
            self.assertContains(page3, "<url>", count=1)
            self.assertEqual(
                self.client.get(
                    reverse("sitemap-section", args=["articles"]), {"p": 4}
                ).status_code,
                404,
            )


class RobotsTests(TestCase):
    def test_robots_points_to_the_sitemap(self):
        """robots.txt is plain text, keeps crawlers out of search, names the sitemap."""
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        lines = response.content.decode().splitlines()
        self.assertIn("User-agent: *", lines)
        self.assertNotIn("admin", response.content.decode())
        self.assertIn("Disallow: /search/", lines)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", lines)

    def test_robots_only_answers_get(self):
        """Other methods are refused."""
        self.assertEqual(self.client.post("/robots.txt").status_code, 405)
