"""Graceful failure: a static 503 while the database is down or slow, and recovery by itself."""

import os
import subprocess
import sys
import time
from unittest import mock, skipUnless

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.test import Client, SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.views import ArticleListView

from .factories import make_article
from .test_bad_input import PAGES


class DatabaseDown:
    """Every attempt to reach the database fails, as with the server stopped; counts attempts."""

    def __init__(self, error=OperationalError):
        self.error = error
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        raise self.error("could not connect to server: Connection refused")

    def __enter__(self):
        self.patch = mock.patch.object(connection, "ensure_connection", self)
        self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()


class DatabaseDownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The bad-input suite's fixture, so its table of every public page applies here too.
        cls.article = make_article(title="Oil price climbs", tags=["Energy"])
        published = timezone.localtime(cls.article.published_at)
        cls.article_date = (published.year, published.month, published.day)

    def setUp(self):
        # Like a browser: the response, not the test's exception.
        self.client = Client(raise_request_exception=False)

    def assert_unavailable(self, response):
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertContains(response, "temporarily unavailable", status_code=503)
        self.assertNotContains(response, "Traceback", status_code=503)
        self.assertNotContains(response, "OperationalError", status_code=503)
        self.assertNotContains(response, "Connection refused", status_code=503)

    def test_every_page_answers_a_static_503_without_touching_the_database_again(self):
        """One failed attempt to reach the database per request; the error path makes none.

        A page that needs no database (robots.txt) goes on answering 200.
        """
        for name, url in PAGES.items():
            with self.subTest(page=name), DatabaseDown() as down:
                response = self.client.get(url(self))
                if down.calls:
                    self.assert_unavailable(response)
                    self.assertEqual(down.calls, 1)
                else:
                    self.assertEqual(response.status_code, 200)
        with DatabaseDown():
            self.assert_unavailable(self.client.get(reverse("articles:article-list")))

    def test_comment_post_answers_503_and_csp_still_applies(self):
        url = reverse("articles:comment-create", args=[self.article.slug])
        with DatabaseDown():
            response = self.client.post(url, {"body": "x", "author_name": "A"})
        self.assert_unavailable(response)
        self.assertIn("default-src 'self'", response["Content-Security-Policy"])

    def test_a_comment_posted_during_the_outage_is_shown_back_to_its_writer(self):
        """Nothing the reader typed is lost: the 503 page gives their text back, escaped."""
        url = reverse("articles:comment-create", args=[self.article.slug])
        text = 'Rates <script>alert("x")</script> & more\nSecond line.'
        with DatabaseDown():
            response = self.client.post(url, {"body": text, "author_name": "A"})
        self.assert_unavailable(response)
        self.assertContains(response, "your comment was", status_code=503)
        self.assertContains(
            response,
            "Rates &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more\nSecond line.",
            status_code=503,
        )
        self.assertNotContains(response, "<script>", status_code=503)

    def test_other_pages_never_show_posted_text(self):
        """Only the comment form's own POST gets its text back; the page stays the static one."""
        with DatabaseDown():
            response = self.client.post(
                reverse("admin:login"),
                {"username": "chief", "password": "secret", "body": "not echoed"},
            )
        self.assert_unavailable(response)
        self.assertNotContains(response, "not echoed", status_code=503)
        self.assertNotContains(response, "your comment", status_code=503)

    def test_admin_login_answers_503(self):
        with DatabaseDown():
            response = self.client.post(
                reverse("admin:login"), {"username": "chief", "password": "secret"}
            )
        self.assert_unavailable(response)

    def test_dropped_connection_is_a_503_too(self):
        with DatabaseDown(InterfaceError):
            self.assert_unavailable(self.client.get(reverse("articles:article-list")))

    def test_site_recovers_by_itself_when_the_database_returns(self):
        with DatabaseDown():
            self.assert_unavailable(self.client.get(reverse("articles:article-list")))
        response = self.client.get(reverse("articles:article-list"))
        self.assertContains(response, "Oil price climbs")

    @override_settings(DATABASE_RETRY_AFTER=120)
    def test_retry_after_is_configurable(self):
        with DatabaseDown():
            response = self.client.get(reverse("articles:article-list"))
        self.assertEqual(response["Retry-After"], "120")

    def test_database_error_outside_a_view_is_a_503(self):
        """A failure in a middleware (here the session, read on the way in) goes to handler500."""
        self.client.cookies["sessionid"] = "a" * 32
        with DatabaseDown():
            response = self.client.get(reverse("admin:index"))
        self.assert_unavailable(response)

    def test_other_errors_stay_ordinary_500s(self):
        with mock.patch.object(ArticleListView, "get_queryset", side_effect=RuntimeError("bug")):
            response = self.client.get(reverse("articles:article-list"))
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Something went wrong", status_code=500)


@skipUnless(connection.vendor == "postgresql", "statement_timeout is a PostgreSQL setting")
class StatementTimeoutTests(TestCase):
    def test_postgresql_connections_carry_the_statement_timeout(self):
        """DATABASE_STATEMENT_TIMEOUT is set on every connection (the suite runs with 30 s)."""
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            expected = f"{settings.DATABASE_STATEMENT_TIMEOUT:g}s"
            self.assertEqual(cursor.fetchone()[0], expected)

    def test_a_statement_over_the_timeout_is_cancelled_and_the_page_is_a_503(self):
        """A slow query is cut off by PostgreSQL and the reader gets the 503, not a hang."""
        with connection.cursor() as cursor:
            # The same mechanism with a shorter limit, so the test takes a fraction of a second.
            cursor.execute("SET statement_timeout = '100ms'")

        def slow_queryset(view):
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(5)")
            return Article.objects.none()

        client = Client(raise_request_exception=False)
        started = time.perf_counter()
        with mock.patch.object(ArticleListView, "get_queryset", slow_queryset):
            response = client.get(reverse("articles:article-list"))
        self.assertLess(time.perf_counter() - started, 3)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")


class StatementTimeoutSettingTests(SimpleTestCase):
    def options_for(self, **env):
        clean = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DEBUG", "DATABASE_STATEMENT_TIMEOUT", "DATABASE_URL"}
        }
        script = "from django.conf import settings; print(settings.DATABASES['default'])"
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=settings.BASE_DIR,
            env=clean | {"DATABASE_URL": "postgres://news@db.example:5432/news"} | env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_default_is_five_seconds(self):
        self.assertIn("-c statement_timeout=5000", self.options_for())

    def test_timeout_is_configurable_and_can_be_turned_off(self):
        self.assertIn(
            "-c statement_timeout=1500", self.options_for(DATABASE_STATEMENT_TIMEOUT="1.5")
        )
        self.assertIn("-c statement_timeout=0", self.options_for(DATABASE_STATEMENT_TIMEOUT="0"))


class GunicornTimeoutTests(SimpleTestCase):
    def test_documented_gunicorn_config_kills_a_hung_worker_after_30_seconds(self):
        """gunicorn.conf.py (the README's command) sets a timeout above the statement timeout."""
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--print-config",
                "-c",
                "gunicorn.conf.py",
                "newsarchive.wsgi",
            ],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        config = dict(
            (part.strip() for part in line.split("=", 1))
            for line in result.stdout.splitlines()
            if "=" in line
        )
        self.assertEqual(config["timeout"], "30")
        # Above the statement timeout's default (5 s, StatementTimeoutSettingTests), so the
        # database gives up first and the reader gets the 503 rather than a dropped worker.
        self.assertGreater(int(config["timeout"]), 5)
