from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from articles.demo import DEMO_ARTICLES
from articles.models import Article, Comment


class DemoContentTests(TestCase):
    def test_fills_an_empty_archive_once(self):
        """The command is idempotent: a second run adds nothing."""
        out = StringIO()
        call_command("load_demo_content", stdout=out)
        articles, comments = Article.objects.count(), Comment.objects.count()
        self.assertGreaterEqual(articles, 5)
        self.assertGreater(comments, 0)
        self.assertIn(f"{articles} article(s) created", out.getvalue())
        call_command("load_demo_content", stdout=StringIO())
        self.assertEqual(Article.objects.count(), articles)
        self.assertEqual(Comment.objects.count(), comments)

    def test_demo_articles_are_public_with_tags_and_comments(self):
        call_command("load_demo_content", stdout=StringIO())
        response = self.client.get(reverse("articles:article-list"))
        self.assertEqual(len(response.context["article_list"]), min(Article.objects.count(), 10))
        article = Article.objects.published().filter(comments__isnull=False).first()
        page = self.client.get(article.get_absolute_url())
        self.assertContains(page, 'rel="tag"')
        self.assertNotContains(page, "@example.com")

    def test_every_demo_article_has_a_drawn_lead_image(self):
        """Every demo article gets its story's chart (images/demo.py) as its lead image,
        drawn once, with alt text and credit: the newer ones too."""
        call_command("load_demo_content", stdout=StringIO())
        articles = Article.objects.select_related("lead_image").filter(
            slug__in=[demo.slug for demo in DEMO_ARTICLES]
        )
        self.assertEqual(articles.count(), len(DEMO_ARTICLES))
        without = [article.slug for article in articles if article.lead_image is None]
        self.assertEqual(without, [])
        images = {article.lead_image for article in articles}
        # One chart per story: a syndicated copy runs its original's.
        stories = {demo.chart_slug for demo in DEMO_ARTICLES}
        self.assertEqual(len(images), len(stories))
        for image in images:
            self.assertTrue(image.alt_text)
            self.assertIn("demo", image.credit)
        call_command("load_demo_content", stdout=StringIO())
        self.assertEqual(type(next(iter(images))).objects.count(), len(images))
        page = self.client.get(articles[0].get_absolute_url())
        self.assertContains(page, 'fetchpriority="high"')

    def test_a_syndicated_pair_shows_also_published_by_on_both_pages(self):
        """One demo story is run by two sources: each page links the other's."""
        with self.captureOnCommitCallbacks(execute=True):
            call_command("load_demo_content", stdout=StringIO())
        wire = Article.objects.get(
            slug="harbourline-logistics-buys-stake-in-pearl-delta-cold-stores"
        )
        copy = Article.objects.get(
            slug="harbour-times-harbourline-logistics-buys-stake-in-pearl-delta"
        )
        for article, other in [(wire, copy), (copy, wire)]:
            with self.subTest(article.source_name):
                page = self.client.get(article.get_absolute_url())
                self.assertContains(page, "Also published by")
                link = f'<a href="{other.get_absolute_url()}">{other.source_name}</a>'
                self.assertContains(page, link, html=True)
        lone = self.client.get(
            reverse("articles:article-detail", args=["orbitpay-fined-over-payment-outage"])
        )
        self.assertNotContains(lone, "Also published by")
