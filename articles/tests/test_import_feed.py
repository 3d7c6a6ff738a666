import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from articles.models import Article

from . import webpages
from .importing import import_articles, temporary_folder, write_file

FULL_URL = "https://metals.example/2020/04/05/steel/"
SHORT_URL = "https://metals.example/2020/04/06/copper/"
FULL = (
    "Steel output rises",
    FULL_URL,
    "Sun, 05 Apr 2020 09:30:00 +0000",
    "Mills restarted.",
    "<p>Mills restarted their furnaces.</p><p>Orders came from carmakers.</p>",
)
SHORT = ("Copper slips", SHORT_URL, "Mon, 06 Apr 2020 08:00:00 +0000", "Copper fell.", None)


class RssFeedTests(TestCase):
    """Entries with full content are articles; summary-only entries are flagged drafts."""

    def setUp(self):
        self.folder = temporary_folder(self)
        self.path = write_file(self.folder, "feed.xml", webpages.rss_feed([FULL, SHORT]))
        self.result = import_articles(self.path)

    def test_full_entry_is_a_published_article(self):
        self.assertFalse(self.result.failed, self.result.output)
        article = Article.objects.get(source_url=FULL_URL)
        self.assertEqual(article.title, "Steel output rises")
        self.assertEqual(article.status, Article.Status.PUBLISHED)
        self.assertEqual(
            article.published_at, datetime.datetime(2020, 4, 5, 9, 30, tzinfo=datetime.UTC)
        )
        self.assertEqual(
            article.body,
            "<p>Mills restarted their furnaces.</p>\n\n<p>Orders came from carmakers.</p>",
        )
        self.assertEqual(article.byline, webpages.AUTHOR)
        self.assertEqual(sorted(article.tags.names()), ["Markets", "Steel"])
        self.assertEqual(article.source_name, "Metals Daily")
        self.assertEqual(article.source_format, Article.SourceFormat.FEED)
        self.assertIn(f"{self.path.name} (feed): 2 entries", self.result.stdout)

    def test_summary_only_entry_is_a_flagged_draft(self):
        article = Article.objects.get(source_url=SHORT_URL)
        self.assertEqual(article.status, Article.Status.DRAFT)
        self.assertEqual(article.source_format, Article.SourceFormat.FEED_SUMMARY)
        self.assertEqual(article.get_source_format_display(), "Feed entry, summary only")
        self.assertEqual(article.body, "<p>Copper fell.</p>")
        self.assertIn("summary only; imported as a draft", self.result.stdout)
        self.assertIn("(1 summary only, as drafts)", self.result.stdout)

    def test_same_feed_twice_adds_nothing(self):
        again = import_articles(self.path)
        self.assertFalse(again.failed, again.output)
        self.assertIn("0 created, 0 updated, 2 unchanged", again.stdout)
        self.assertEqual(Article.objects.count(), 2)

    def test_full_text_later_completes_the_draft(self):
        full = (*SHORT[:4], "<p>Copper fell as warehouses filled.</p>")
        result = import_articles(write_file(self.folder, "later.xml", webpages.rss_feed([full])))
        self.assertIn("1 updated", result.stdout)
        article = Article.objects.get(source_url=SHORT_URL)
        self.assertEqual(article.status, Article.Status.PUBLISHED)
        self.assertEqual(article.source_format, Article.SourceFormat.FEED)

    def test_summary_never_replaces_a_full_article(self):
        short = (*FULL[:4], None)
        result = import_articles(write_file(self.folder, "short.xml", webpages.rss_feed([short])))
        self.assertFalse(result.failed, result.output)
        self.assertIn("already archived in full", result.stdout)
        article = Article.objects.get(source_url=FULL_URL)
        self.assertEqual(article.status, Article.Status.PUBLISHED)
        self.assertIn("Orders came from carmakers", article.body)


class AtomFeedTests(TestCase):
    def test_atom_entry_with_content(self):
        folder = temporary_folder(self)
        data = webpages.atom_feed(
            "Zinc smelter closes", FULL_URL, "2020-04-07T10:00:00Z", "<p>Repairs start.</p>"
        )
        result = import_articles(write_file(folder, "atom.xml", data))
        self.assertFalse(result.failed, result.output)
        article = Article.objects.get()
        self.assertEqual(article.title, "Zinc smelter closes")
        self.assertEqual(article.body, "<p>Repairs start.</p>")
        self.assertEqual(list(article.tags.names()), ["Steel"])
        self.assertEqual(article.status, Article.Status.PUBLISHED)


class BadFeedTests(TestCase):
    def test_broken_feed_is_refused_with_a_reason(self):
        folder = temporary_folder(self)
        result = import_articles(write_file(folder, "bad.xml", b"<rss><channel><item><title>"))
        self.assertTrue(result.failed)
        self.assertIn("bad.xml: FAILED", result.stderr)
        self.assertNotIn("Traceback", result.output)
        self.assertFalse(Article.objects.exists())


class SummaryOnlyInTheAdminTests(TestCase):
    def test_editors_can_list_the_summary_only_drafts(self):
        folder = temporary_folder(self)
        import_articles(write_file(folder, "feed.xml", webpages.rss_feed([FULL, SHORT])))
        admin = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw-12345")
        self.client.force_login(admin)
        response = self.client.get(
            reverse("admin:articles_article_changelist") + "?source_format__exact=summary"
        )
        self.assertContains(response, "Copper slips")
        self.assertNotContains(response, "Steel output rises")
