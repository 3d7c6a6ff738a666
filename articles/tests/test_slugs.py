"""Slugs from titles keep amounts readable, in the admin, on save and on import."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from articles.slugs import title_slug

from .factories import make_article
from .importing import import_articles, page, temporary_folder, write_file


class TitleSlugTests(TestCase):
    def test_amounts_keep_their_decimal_point_as_a_hyphen(self):
        """'£1.2bn' gives '1-2bn', not the misleading '12bn'."""
        cases = {
            "Miner buys rival for £1.2bn": "miner-buys-rival-for-1-2bn",
            "Shares up 3.75% after results": "shares-up-3-75-after-results",
            "Wages rise to €1,50 an hour": "wages-rise-to-1-50-an-hour",
            "Deal worth $3,500,000 agreed": "deal-worth-3500000-agreed",
            "Sales of 1,234.5 tonnes": "sales-of-1234-5-tonnes",
            "Markets rally. Oil slips": "markets-rally-oil-slips",
        }
        for title, slug in cases.items():
            with self.subTest(title=title):
                self.assertEqual(title_slug(title), slug)

    def test_nothing_left_gives_article(self):
        self.assertEqual(title_slug("£ $ %"), "article")

    def test_saved_article_gets_the_readable_slug(self):
        article = make_article(title="Utility raises £1.2bn")
        self.assertEqual(article.slug, "utility-raises-1-2bn")
        self.assertEqual(article.get_absolute_url(), "/articles/utility-raises-1-2bn/")


class AdminSlugTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser(
            "editor", "editor@example.com", "a-long-test-password"
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def post(self, url, **fields):
        data = {
            "title": "Bank sets aside £2.4bn",
            "slug": "",
            "standfirst": "",
            "body": "Paragraph one.",
            "tags": "",
            "status": "published",
            "published_at_0": "2026-01-05",
            "published_at_1": "09:00:00",
            "allow_comments": "on",
            "source_name": "",
            "source_url": "",
        }
        return self.client.post(url, data | fields)

    def test_the_form_loads_the_script_that_keeps_amounts_readable_after_urlify(self):
        html = self.client.get(reverse("admin:articles_article_add")).content.decode()
        self.assertLess(html.index("admin/js/urlify.js"), html.index("js/admin-slugs.js"))

    def test_empty_slug_in_the_admin_is_made_from_the_title(self):
        response = self.post(reverse("admin:articles_article_add"))
        self.assertEqual(response.status_code, 302, response.content[:3000])
        self.assertTrue(Article.objects.filter(slug="bank-sets-aside-2-4bn").exists())

    def test_changed_slug_keeps_redirecting(self):
        self.post(reverse("admin:articles_article_add"))
        article = Article.objects.get(slug="bank-sets-aside-2-4bn")
        url = reverse("admin:articles_article_change", args=[article.pk])
        response = self.post(url, slug="bank-provisions-2-4bn")
        self.assertEqual(response.status_code, 302, response.content[:3000])
        response = self.client.get("/articles/bank-sets-aside-2-4bn/")
        self.assertRedirects(response, "/articles/bank-provisions-2-4bn/", status_code=301)


class ImportSlugTests(TestCase):
    def test_imported_title_gets_the_readable_slug(self):
        folder = temporary_folder(self)
        path = write_file(folder, "a.txt", page(title="Chipmaker valued at $4.5tn"))
        run = import_articles(path)
        self.assertFalse(run.failed, run.stderr)
        self.assertTrue(Article.objects.filter(slug="chipmaker-valued-at-4-5tn").exists())
