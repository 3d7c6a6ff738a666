import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import make_article
from captures.models import Capture
from captures.saving import CaptureData, save_captures
from captures.views import REPLAY_POLICY

PAGE = b"""<!DOCTYPE html><html><head><title>Captured</title>
<script>document.title = "script ran";</script></head>
<body><p>The captured article.</p>
<img src="x" onerror="document.title='handler ran'"></body></html>"""
WHEN = datetime.datetime(2020, 4, 5, 10, tzinfo=datetime.UTC)


def captured_article():
    article = make_article(title="Steel output rises", source_url="https://metals.example/a/")
    Article.objects.filter(pk=article.pk).update(
        source_format=Article.SourceFormat.WARC, imported_at=WHEN, source_name="Metals Daily"
    )
    article.refresh_from_db()
    data = CaptureData(
        raw=PAGE,
        content_type="text/html; charset=utf-8",
        captured_at=WHEN,
        capture_format=Capture.Format.WARC,
        target_uri="https://metals.example/a/",
        source_file="crawl.warc.gz",
        record_offset=1234,
    )
    save_captures([(article, data)])
    return article, Capture.objects.get(article=article)


def capture_queries(context):
    return [q for q in context.captured_queries if "captures_capture" in q["sql"]]


class ReplayAccessTests(TestCase):
    """Only staff see an original capture."""

    @classmethod
    def setUpTestData(cls):
        cls.article, cls.capture = captured_article()
        users = get_user_model().objects
        cls.staff = users.create_user("editor", password="pw-123456789", is_staff=True)
        cls.reader = users.create_user("reader", password="pw-123456789")

    def url(self):
        return reverse("captures:original", kwargs={"pk": self.capture.pk})

    def test_anonymous_is_sent_to_the_login(self):
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_non_staff_is_sent_to_the_login(self):
        self.client.force_login(self.reader)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)

    def test_staff_get_the_original_bytes_under_the_sandbox_policy(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PAGE)
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")
        policy = response["Content-Security-Policy"]
        self.assertEqual(policy, REPLAY_POLICY)
        directives = [d.strip() for d in policy.split(";")]
        self.assertEqual(directives[0], "sandbox")  # no allow-scripts, no allow-same-origin
        self.assertIn("default-src 'none'", directives)
        self.assertNotIn("script-src", policy)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "no-referrer")
        self.assertIn("no-store", response["Cache-Control"])

    def test_missing_capture_is_404(self):
        self.client.force_login(self.staff)
        response = self.client.get(reverse("captures:original", kwargs={"pk": 999999}))
        self.assertEqual(response.status_code, 404)

    def test_non_html_capture_is_served_as_text(self):
        Capture.objects.filter(pk=self.capture.pk).update(content_type="image/svg+xml")
        self.client.force_login(self.staff)
        response = self.client.get(self.url())
        self.assertTrue(response["Content-Type"].startswith("text/plain"))


class ArchivedFromTests(TestCase):
    """Readers see where and when the page was captured; staff also get the link to it."""

    @classmethod
    def setUpTestData(cls):
        cls.article, cls.capture = captured_article()
        cls.staff = get_user_model().objects.create_user(
            "editor", password="pw-123456789", is_staff=True
        )

    def test_reader_sees_archived_from_with_the_original_url(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(
            response,
            '<p class="provenance provenance--capture">Archived from '
            '<a href="https://metals.example/a/" rel="noopener noreferrer">Metals Daily</a> on '
            '<time datetime="2020-04-05T10:00:00+00:00">5 April 2020</time>.</p>',
            html=True,
        )
        self.assertNotContains(response, "View original capture")

    def test_staff_see_the_link_to_the_capture(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, f'href="{self.capture.get_absolute_url()}"')

    def test_article_without_capture_shows_no_line(self):
        other = make_article(title="Written here")
        response = self.client.get(other.get_absolute_url())
        self.assertNotContains(response, "Archived from")

    def test_capture_line_costs_one_query_only_for_captured_articles(self):
        """An article from a capture adds one query to its page; others add none."""
        other = make_article(title="Written here")
        with CaptureQueriesContext(connection) as without:
            self.client.get(other.get_absolute_url())
        with CaptureQueriesContext(connection) as with_capture:
            self.client.get(self.article.get_absolute_url())
        self.assertEqual(len(capture_queries(with_capture)), 1)
        self.assertEqual(capture_queries(without), [])
