"""The home and tag pages page through the archive without ever counting it."""

import datetime
from unittest import mock

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .factories import make_article


class UncountedPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.titles = []
        for i in range(25):
            title = f"Freight rates story {i:02d}"
            cls.titles.append(title)
            make_article(
                title=title,
                published_at=now - datetime.timedelta(hours=i + 1),
                tags=["Shipping"],
            )
        make_article(title="Unpublished freight memo", status=Article.Status.DRAFT)

    def lists(self):
        return {
            "home": reverse("articles:article-list"),
            "tag": reverse("articles:tag-detail", args=["shipping"]),
        }

    def test_newer_and_older_links_without_a_count(self):
        """Page 1 links to older articles; the last page has no Older link; page numbers
        are shown without a total, since none was counted."""
        for name, url in self.lists().items():
            with self.subTest(page=name):
                first = self.client.get(url)
                self.assertContains(first, self.titles[0])
                self.assertContains(first, self.titles[9])
                self.assertNotContains(first, self.titles[10])
                self.assertContains(first, 'rel="next"')
                self.assertNotContains(first, 'rel="prev"')
                self.assertContains(first, "Page 1<")
                self.assertNotContains(first, "Page 1 of")
                last = self.client.get(url, {"page": 3})
                self.assertContains(last, self.titles[24])
                self.assertNotContains(last, self.titles[19])
                self.assertNotContains(last, 'rel="next"')
                self.assertContains(last, 'rel="prev"')
                self.assertNotContains(last, "Unpublished freight memo")

    def test_a_full_last_page_has_no_older_link(self):
        """With exactly a page of articles left there is no Older link to an empty page."""
        Article.objects.filter(title__in=self.titles[20:]).delete()
        for name, url in self.lists().items():
            with self.subTest(page=name):
                response = self.client.get(url, {"page": 2})
                self.assertContains(response, self.titles[19])
                self.assertNotContains(response, 'rel="next"')
                self.assertEqual(self.client.get(url, {"page": 3}).status_code, 404)

    def test_beyond_the_last_page_is_404(self):
        for name, url in self.lists().items():
            for page in ("4", "0", "-1", "2.5", "abc"):
                with self.subTest(page=name, number=page):
                    self.assertEqual(self.client.get(url, {"page": page}).status_code, 404)

    def test_last_finds_the_last_page(self):
        """?page=last still works: the one request that counts."""
        for name, url in self.lists().items():
            with self.subTest(page=name):
                response = self.client.get(url, {"page": "last"})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, self.titles[24])
                self.assertNotContains(response, 'rel="next"')

    def test_pages_stop_at_the_cap(self):
        """Deep pages cost an ever larger OFFSET; past the cap the date archive serves."""
        with mock.patch("articles.pagination.MAX_PAGES", 2):
            for name, url in self.lists().items():
                with self.subTest(page=name):
                    second = self.client.get(url, {"page": 2})
                    self.assertEqual(second.status_code, 200)
                    self.assertNotContains(second, 'rel="next"')
                    self.assertEqual(self.client.get(url, {"page": 3}).status_code, 404)

    def test_a_tag_only_drafts_use_stays_hidden(self):
        make_article(title="Secret plan", status=Article.Status.DRAFT, tags=["Secret Plan"])
        url = reverse("articles:tag-detail", args=["secret-plan"])
        self.assertEqual(self.client.get(url).status_code, 404)
