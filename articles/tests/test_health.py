"""/healthz answers for load balancers: 200 when the databases and the cache answer, 503 if not."""

from unittest import mock

from django.db import connections
from django.db.utils import OperationalError
from django.test import TestCase, override_settings
from django.urls import reverse

BROKEN_CACHE = {
    "default": {
        "BACKEND": "newsarchive.cache.ReusedClientRedisCache",
        # Port 1 on the loopback: nothing listens there, so the connection is refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


class HealthCheckTests(TestCase):
    def test_healthy(self):
        """Every database and the cache answer: 200 and a JSON report."""
        response = self.client.get(reverse("healthz"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(), {"status": "ok", "databases": {"default": "ok"}, "cache": "ok"}
        )
        self.assertIn("no-cache", response["Cache-Control"])

    @override_settings(CACHES=BROKEN_CACHE)
    def test_cache_down(self):
        """A cache that does not answer makes the server unhealthy, without a traceback."""
        with self.assertLogs("newsarchive.health", "ERROR"):
            response = self.client.get(reverse("healthz"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["cache"], "error")
        self.assertNotContains(response, "127.0.0.1", status_code=503)

    def test_database_down(self):
        """A database that does not answer makes the server unhealthy."""
        connection = connections["default"]
        with (
            mock.patch.object(connection, "cursor", side_effect=OperationalError("gone")),
            self.assertLogs("newsarchive.health", "ERROR"),
        ):
            response = self.client.get(reverse("healthz"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["databases"], {"default": "error"})
        self.assertNotContains(response, "gone", status_code=503)

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_answers_over_plain_http(self):
        """Load balancers probe over HTTP: no redirect to HTTPS, unlike the pages."""
        self.assertEqual(self.client.get(reverse("healthz")).status_code, 200)
        self.assertEqual(self.client.get(reverse("articles:article-list")).status_code, 301)

    def test_only_get_and_head(self):
        """A POST is refused with 405."""
        self.assertEqual(self.client.head(reverse("healthz")).status_code, 200)
        self.assertEqual(self.client.post(reverse("healthz")).status_code, 405)
