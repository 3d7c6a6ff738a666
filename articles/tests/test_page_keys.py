"""The page cache's contract with a front cache: each shared page names its keys, and
every commit announces the keys it changed, once."""

import re

from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.models import Comment
from pagecache.signals import keys_changed

from .factories import make_article, make_comment


class PageKeysTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Copper climbs", tags=["Metals"])
        cls.other = make_article(title="Zinc steadies")
        cls.pending = make_comment(cls.article, status=Comment.Status.PENDING)

    @override_settings(PAGE_CACHE_TIMEOUT=600)
    def test_hit_and_miss_carry_the_same_sorted_keys(self):
        """The article page's keys: its article and tag, the lists, the tables it read."""
        url = self.article.get_absolute_url()
        miss, hit = self.client.get(url), self.client.get(url)
        self.assertEqual((miss["X-Page-Cache"], hit["X-Page-Cache"]), ("miss", "hit"))
        self.assertIsInstance(miss.page_keys, tuple)
        self.assertEqual(miss.page_keys, hit.page_keys)
        self.assertEqual(list(miss.page_keys), sorted(miss.page_keys))
        for key in miss.page_keys:
            self.assertRegex(key, r"^[a-z_]+:[A-Za-z0-9_]+$")
        tag = self.article.tags.get()
        for key in [f"article:{self.article.pk}", f"tag:{tag.pk}", "table:articles_comment"]:
            self.assertIn(key, miss.page_keys)
        self.assertNotIn(f"article:{self.other.pk}", miss.page_keys)

    @override_settings(PAGE_CACHE_TIMEOUT=0)
    def test_keys_without_the_page_cache(self):
        """A front cache needs the keys even when pages are not stored here."""
        response = self.client.get(reverse("articles:article-list"))
        self.assertIn(f"article:{self.other.pk}", response.page_keys)
        self.assertIn("articles:list", response.page_keys)

    def test_personal_pages_have_no_keys(self):
        """A reader with a session gets their own page: nothing a shared cache may keep."""
        self.client.cookies["sessionid"] = "x"
        response = self.client.get(self.article.get_absolute_url())
        self.assertFalse(hasattr(response, "page_keys"))


class KeysChangedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Copper climbs")
        cls.other = make_article(title="Zinc steadies")
        cls.pending = make_comment(cls.article, status=Comment.Status.PENDING)

    def setUp(self):
        self.sent = []

        def receiver(sender, keys, **kwargs):
            self.sent.append(keys)

        keys_changed.connect(receiver, weak=False, dispatch_uid="test")
        self.addCleanup(keys_changed.disconnect, dispatch_uid="test")

    def test_once_per_commit_with_every_key(self):
        """Two writes in one transaction: one signal after the commit, with both keys."""
        with self.captureOnCommitCallbacks(execute=True), transaction.atomic():
            self.pending.status = Comment.Status.APPROVED
            self.pending.save()
            self.other.title = "Zinc slides"
            self.other.save()
            self.assertEqual(self.sent, [])
        # (Other apps' own after-commit work, the syndicated copies' fingerprints, commits
        # on its own and is announced after.)
        self.assertIsInstance(self.sent[0], frozenset)
        for key in [f"article:{self.article.pk}", "comments:list", f"article:{self.other.pk}"]:
            self.assertIn(key, self.sent[0])
            self.assertEqual(sum(key in keys for keys in self.sent), 1)

    def test_a_pending_comment_announces_nothing_public(self):
        """A comment held for moderation changes no shared page."""
        with self.captureOnCommitCallbacks(execute=True):
            make_comment(self.other, status=Comment.Status.PENDING)
        public = {key for keys in self.sent for key in keys if not key.startswith("table:")}
        self.assertEqual(public, set())

    def test_a_rolled_back_write_announces_nothing(self):
        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    self.other.title = "Zinc slides"
                    self.other.save()
                    raise RuntimeError("abandoned")
            except RuntimeError:
                pass
        self.assertEqual(self.sent, [])

    def test_unaccounted_writes_fall_back_to_table_keys(self):
        """A QuerySet.update() names the table and the lists that read it."""
        with self.captureOnCommitCallbacks(execute=True):
            Comment.objects.filter(pk=self.pending.pk).update(body="Edited by a script.")
        keys = set().union(*self.sent)
        self.assertIn("table:articles_comment", keys)
        self.assertTrue(all(re.match(r"^[a-z_]+:[A-Za-z0-9_]+$", key) for key in keys))
