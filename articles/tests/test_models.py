import datetime

import time_machine
from django.db import IntegrityError
from django.test import TestCase
from django.utils import timezone

from articles.models import Article, Comment, TaggedArticle

from .factories import make_article, make_comment


class PublishedGateTests(TestCase):
    def test_published_includes_only_published_past_articles(self):
        """published() keeps published articles whose time has come, and nothing else."""
        live = make_article()
        make_article(status=Article.Status.DRAFT)
        make_article(published_at=timezone.now() + datetime.timedelta(minutes=5))
        self.assertQuerySetEqual(Article.objects.published(), [live])

    def test_scheduled_article_appears_when_its_time_comes(self):
        """A future article becomes public at its publication time, with no cron job."""
        when = timezone.now() + datetime.timedelta(days=2)
        article = make_article(published_at=when)
        self.assertFalse(Article.objects.published().exists())
        with time_machine.travel(when + datetime.timedelta(seconds=1)):
            self.assertQuerySetEqual(Article.objects.published(), [article])


class ArticleModelTests(TestCase):
    def test_slug_is_derived_from_title_and_kept_unique(self):
        """Two articles with one title get distinct slugs."""
        first = make_article(title="Markets rally on rate hopes")
        second = make_article(title="Markets rally on rate hopes")
        self.assertEqual(first.slug, "markets-rally-on-rate-hopes")
        self.assertEqual(second.slug, "markets-rally-on-rate-hopes-2")

    def test_absolute_url_uses_slug(self):
        article = make_article(title="Slugged")
        self.assertEqual(article.get_absolute_url(), "/articles/slugged/")

    def test_body_is_sanitised_on_save(self):
        """Scripts, event handlers and javascript: URLs never survive a save."""
        article = make_article(
            body=(
                "Intro <script>alert(1)</script>\n\n"
                '<img src="x.png" alt="Chart" onerror="alert(2)">'
                '\n\n<a href="javascript:alert(3)">bad</a> <a href="https://example.com/">good</a>'
            )
        )
        article.refresh_from_db()
        for html in (article.body, article.body_html):
            self.assertNotIn("<script", html)
            self.assertNotIn("onerror", html)
            self.assertNotIn("javascript:", html)
        self.assertIn('href="https://example.com/"', article.body_html)
        self.assertIn('alt="Chart"', article.body_html)

    def test_plain_text_renders_as_paragraphs(self):
        """Blank lines separate paragraphs; single newlines become line breaks."""
        article = make_article(body="One line\nsame paragraph\n\n\nTwo & three < four")
        self.assertEqual(
            article.body_html,
            "<p>One line<br>\nsame paragraph</p>\n<p>Two &amp; three &lt; four</p>",
        )

    def test_allowlisted_block_markup_is_kept_unwrapped(self):
        article = make_article(body="<h2>Outlook</h2>\n\n<blockquote>Quote</blockquote>\n\nText")
        self.assertEqual(
            article.body_html, "<h2>Outlook</h2>\n<blockquote>Quote</blockquote>\n<p>Text</p>"
        )

    def test_sanitising_is_stable_across_saves(self):
        """Saving an article again does not double-escape its body."""
        article = make_article(body="Profit & loss <em>rose</em>")
        first = article.body
        article.save()
        self.assertEqual(article.body, first)

    def test_tags_use_a_real_foreign_key(self):
        article = make_article(tags=["Banking", "Earnings"])
        self.assertEqual(TaggedArticle.objects.filter(content_object=article).count(), 2)
        self.assertEqual(sorted(t.name for t in article.tags.all()), ["Banking", "Earnings"])

    def test_status_is_constrained_in_the_database(self):
        with self.assertRaises(IntegrityError):
            Article.objects.filter(pk=make_article().pk).update(status="bogus")


class CommentModelTests(TestCase):
    def test_approved_queryset_and_str(self):
        article = make_article(title="Bank results")
        approved = make_comment(article, author_name="Ann")
        make_comment(article, status=Comment.Status.PENDING)
        make_comment(article, status=Comment.Status.SPAM)
        self.assertQuerySetEqual(Comment.objects.approved(), [approved])
        self.assertEqual(str(approved), "Ann on Bank results")

    def test_comment_status_is_constrained_in_the_database(self):
        comment = make_comment(make_article())
        with self.assertRaises(IntegrityError):
            Comment.objects.filter(pk=comment.pk).update(status="bogus")
