"""What the app tells a shared cache: lifetimes and keys on shared pages, nothing on
personal ones, and per-reader parts left to ESI only for a trusted front cache."""

import re
from datetime import timedelta
from unittest import mock

import time_machine
from django.contrib.auth.models import User
from django.core import signing
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.tests.factories import make_article, make_comment

ESI = {"HTTP_SURROGATE_CAPABILITY": 'varnish="ESI/1.0"'}
INCLUDE = re.compile(r"<esi:include src='([^']+)'/>")
FIELD = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')

FRONT = {
    "PAGE_CACHE_TIMEOUT": 600,
    "FRONT_CACHE_URLS": ["http://127.0.0.1:9"],
    "FRONT_CACHE_S_MAXAGE": 600,
    "FRONT_CACHE_STALE_WHILE_REVALIDATE": 30,
    "FRONT_CACHE_STALE_IF_ERROR": 86400,
    "TRUSTED_PROXIES": ["127.0.0.1"],
}


@override_settings(**FRONT)
class SharedPageHeadersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Nickel glut eases", slug="nickel-glut-eases")
        make_comment(cls.article, body="Prices had to turn.")
        cls.editor = User.objects.create_superuser("editor", "editor@example.com", "pw-x-123")

    def setUp(self):
        cache.clear()

    def test_shared_page_carries_shared_lifetimes_and_keys(self):
        """The home page says: shared caches keep it 600 s (and serve it stale a while),
        browsers revalidate; its keys are in xkey and Surrogate-Key."""
        response = self.client.get(reverse("articles:article-list"))
        self.assertEqual(
            response["Cache-Control"],
            "public, max-age=0, s-maxage=600, stale-while-revalidate=30, stale-if-error=86400",
        )
        # The page cache's keys of the page, as it reported them.
        keys = response["xkey"].split()
        self.assertEqual(keys, list(response.page_keys))
        self.assertIn("articles:list", keys)
        self.assertIn(f"article:{self.article.pk}", keys)
        self.assertEqual(response["Surrogate-Key"], response["xkey"])
        # Served from the page cache the second time, with the same headers.
        again = self.client.get(reverse("articles:article-list"))
        self.assertEqual(again["X-Page-Cache"], "hit")
        self.assertEqual(again["xkey"], response["xkey"])

    def test_a_cache_that_does_not_answer_shares_nothing(self):
        """The page still comes (uncached, as the page cache does), with no shared lifetime:
        when the next timed change is unknown, no cache may keep it."""
        self.client.get(reverse("articles:article-list"))
        with mock.patch("pagecache.timed.next_change", side_effect=OSError):
            response = self.client.get(reverse("articles:article-list"))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("s-maxage", response["Cache-Control"])
        self.assertFalse(response.has_header("xkey"))

    def test_lifetime_ends_when_a_scheduled_article_goes_live(self):
        """No purge announces a scheduled publication: shared caches must not keep the page
        past it."""
        with time_machine.travel(timezone.now(), tick=False):
            make_article(title="Scheduled", published_at=timezone.now() + timedelta(seconds=100))
            response = self.client.get(reverse("articles:article-list"))
        self.assertIn("s-maxage=100,", response["Cache-Control"])

    def test_a_page_with_more_keys_than_a_header_holds_is_not_shared(self):
        """Varnish refuses a response header past its limit: such a page keeps the page
        cache's headers and no keys."""
        with mock.patch("frontcache.headers.MAX_KEYS_BYTES", 20):
            response = self.client.get(reverse("articles:article-list"))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("s-maxage", response["Cache-Control"])
        self.assertFalse(response.has_header("xkey"))

    @override_settings(FRONT_CACHE_S_MAXAGE=0)
    def test_without_a_front_cache_nothing_is_shared(self):
        response = self.client.get(reverse("articles:article-list"))
        self.assertEqual(response["Cache-Control"], "no-cache")
        self.assertFalse(response.has_header("xkey"))

    def test_personal_pages_stay_private(self):
        """Staff (a session) get their own page: no shared lifetime, no keys."""
        self.client.force_login(self.editor)
        response = self.client.get(reverse("articles:article-list"))
        self.assertNotIn("s-maxage", response.get("Cache-Control", ""))
        self.assertFalse(response.has_header("xkey"))
        self.assertFalse(response.has_header("Surrogate-Key"))

    def test_article_page_with_its_tokens_filled_in_stays_private(self):
        """Without a front cache that assembles ESI, the page holds this reader's tokens."""
        response = self.client.get(self.article.get_absolute_url())
        self.assertIn("private", response["Cache-Control"])
        self.assertFalse(response.has_header("xkey"))
        self.assertNotContains(response, "esi:include")

    def test_article_page_leaves_its_tokens_to_esi_behind_the_front_cache(self):
        """Through Varnish the article page is the same for everyone: its CSRF token and
        form token are includes, it is shared, and it has no validator of its own."""
        response = self.client.get(self.article.get_absolute_url(), **ESI)
        page = response.content.decode()
        sources = INCLUDE.findall(page)
        self.assertEqual(
            sources, [reverse("frontcache:fragment", args=["readerfields", self.article.pk])]
        )
        # Where the two hidden fields were, as an element (ESI replaces elements only).
        self.assertIn("novalidate>\n    <esi:include", page)
        self.assertNotIn('name="csrfmiddlewaretoken"', page)
        self.assertNotIn('name="token"', page)
        self.assertEqual(response["Surrogate-Control"], 'content="ESI/1.0"')
        self.assertIn("s-maxage=600", response["Cache-Control"])
        self.assertIn(f"article:{self.article.pk}", response["xkey"].split())
        self.assertFalse(response.has_header("ETag"))
        self.assertFalse(response.cookies)
        # The same from the page cache.
        again = self.client.get(self.article.get_absolute_url(), **ESI)
        self.assertEqual(again["X-Page-Cache"], "hit")
        self.assertEqual(INCLUDE.findall(again.content.decode()), sources)

    def test_esi_claim_from_an_untrusted_address_is_ignored(self):
        """A client that says it assembles ESI itself gets its tokens filled in."""
        response = self.client.get(
            self.article.get_absolute_url(), REMOTE_ADDR="203.0.113.9", **ESI
        )
        self.assertNotContains(response, "esi:include")
        self.assertIn("private", response["Cache-Control"])

    def test_fragments_give_each_reader_their_own_tokens(self):
        """The fragment's CSRF token matches the reader's cookie and its form token is
        valid for the article; no cache may store it."""
        client = Client()
        client.get(self.article.get_absolute_url())
        secret = client.cookies["csrftoken"].value
        response = client.get(
            reverse("frontcache:fragment", args=["readerfields", self.article.pk])
        )
        self.assertEqual(response["Cache-Control"], "private, no-store")
        fields = dict(FIELD.findall(response.content.decode()))
        self.assertEqual(set(fields), {"csrfmiddlewaretoken", "token"})
        self.assertEqual(_unmask_cipher_token(fields["csrfmiddlewaretoken"]), secret)
        data = signing.loads(fields["token"], salt="articles.comments.form-timestamp")
        self.assertEqual(data["a"], self.article.pk)
        self.assertEqual(client.get("/_esi/nosuchkind/").status_code, 404)
        fragment = reverse("frontcache:fragment", args=["csrf"])
        self.assertEqual(client.post(fragment).status_code, 405)

    @override_settings(FRONT_CACHE_FRAGMENT_SECONDS=5)
    def test_readers_without_cookies_share_a_fragment_for_seconds(self):
        """No cookie, nothing personal: the front cache may keep it 5 s, and it sets no
        cookie (Varnish would drop it, and a stored answer must not carry one)."""
        url = reverse("frontcache:fragment", args=["readerfields", self.article.pk])
        response = Client().get(url)
        self.assertEqual(response["Cache-Control"], "public, max-age=0, s-maxage=5")
        self.assertFalse(response.cookies)
        self.assertEqual(
            set(dict(FIELD.findall(response.content.decode()))), {"csrfmiddlewaretoken", "token"}
        )
        with self.settings(FRONT_CACHE_FRAGMENT_SECONDS=0):
            self.assertEqual(Client().get(url)["Cache-Control"], "private, no-store")
