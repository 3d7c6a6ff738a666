"""Privacy: IP addresses are anonymised after the retention period; no email leaks out."""

import datetime
from io import StringIO

import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Comment

from .factories import make_article, make_comment


class AnonymiseIpsCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        now = timezone.now()
        cls.old = make_comment(
            cls.article,
            ip_address="203.0.113.7",
            user_agent="Old browser",
            created_at=now - datetime.timedelta(days=31),
        )
        cls.recent = make_comment(
            cls.article,
            ip_address="2001:db8::1",
            user_agent="New browser",
            created_at=now - datetime.timedelta(days=29),
        )

    def run_command(self, *args):
        out = StringIO()
        call_command("anonymise_comment_ips", *args, stdout=out)
        return out.getvalue()

    def test_addresses_older_than_30_days_are_erased(self):
        self.assertIn("Anonymised 1 comment(s) older than 30 days.", self.run_command())
        self.old.refresh_from_db()
        self.recent.refresh_from_db()
        self.assertEqual((self.old.ip_address, self.old.user_agent), (None, ""))
        self.assertEqual(self.recent.ip_address, "2001:db8::1")
        self.assertEqual(self.old.body, Comment.objects.get(pk=self.old.pk).body)

    def test_time_passing_reaches_the_newer_comment(self):
        with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
            self.assertIn("Anonymised 2 comment(s)", self.run_command())
        self.assertFalse(Comment.objects.exclude(ip_address=None).exists())

    @override_settings(COMMENT_IP_RETENTION_DAYS=7)
    def test_retention_is_configurable(self):
        self.assertIn("Anonymised 2 comment(s) older than 7 days.", self.run_command())

    def test_days_option_and_idempotence(self):
        self.assertIn("Anonymised 2 comment(s) older than 1 day.", self.run_command("--days", "1"))
        self.assertIn("Anonymised 0 comment(s)", self.run_command("--days", "1"))

    def test_negative_days_are_refused(self):
        with self.assertRaisesMessage(CommandError, "--days must be 0 or more."):
            self.run_command("--days", "-1")


class CommentFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Ports reopen")
        cls.comment = make_comment(
            cls.article,
            author_name="Lee <b>",
            author_email="lee@example.org",
            author_url="https://lee.example/",
            body="Shipping rates <script>x</script> will fall.",
        )
        make_comment(cls.article, status=Comment.Status.PENDING, body="Held back.")
        make_comment(cls.article, status=Comment.Status.SPAM, body="Spammy.")
        draft = make_article(status=Article.Status.DRAFT, title="Secret draft")
        make_comment(draft, body="On a draft.")

    def test_site_wide_feed_has_approved_public_comments_without_email(self):
        response = self.client.get(reverse("articles:comments-feed"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
        content = response.content.decode()
        self.assertIn("Lee &lt;b&gt; on Ports reopen", content)
        self.assertIn(f"/comments/{self.comment.pk}/", content)
        self.assertIn("&amp;lt;script&amp;gt;", content)  # escaped text inside escaped HTML
        self.assertNotIn("<script>", content)
        for hidden in ["lee@example.org", "Held back.", "Spammy.", "On a draft.", "Secret draft"]:
            self.assertNotIn(hidden, content)
        self.assertNotIn("<email>", content)

    def test_article_feed(self):
        url = reverse("articles:article-comments-feed", args=[self.article.slug])
        response = self.client.get(url)
        self.assertContains(response, "Comments on “Ports reopen”")
        self.assertContains(response, "Shipping rates")
        self.assertNotContains(response, "lee@example.org")
        page = self.client.get(self.article.get_absolute_url())
        self.assertContains(page, f'href="{url}"')

    def test_no_feed_for_drafts_or_unknown_articles(self):
        draft = Article.objects.get(title="Secret draft")
        for slug in [draft.slug, "nope"]:
            with self.subTest(slug=slug):
                url = reverse("articles:article-comments-feed", args=[slug])
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_feed_queries_do_not_grow(self):
        url = reverse("articles:comments-feed")
        with self.assertNumQueries(1):
            self.client.get(url)
        for _ in range(20):
            make_comment(make_article())
        with self.assertNumQueries(1):
            self.client.get(url)
