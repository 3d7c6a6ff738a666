"""Permanent links: /articles/<slug>/, and a changed slug leaves a 301 from the old address."""

from django.test import TestCase
from django.urls import reverse

from articles.models import Article, ArticleSlug

from .factories import make_article


class SlugRedirectTests(TestCase):
    def test_article_address_scheme(self):
        """An article lives at /articles/<slug>/."""
        article = make_article(title="Copper climbs")
        self.assertEqual(article.get_absolute_url(), "/articles/copper-climbs/")

    def test_old_slug_answers_301_forever(self):
        """After two renames both earlier addresses go straight to the current one."""
        article = make_article(title="Copper climbs", slug="copper-climbs")
        article = Article.objects.get(pk=article.pk)
        article.slug = "copper-prices-climb"
        article.save()
        article.slug = "copper-climbs-again"
        article.save()
        for old in ["copper-climbs", "copper-prices-climb"]:
            with self.subTest(old=old):
                response = self.client.get(reverse("articles:article-detail", args=[old]))
                self.assertEqual(response.status_code, 301)
                self.assertEqual(response["Location"], "/articles/copper-climbs-again/")
        self.assertEqual(self.client.get("/articles/copper-climbs-again/").status_code, 200)

    def test_rename_in_the_admin_keeps_the_old_address(self):
        """An editor changing the slug in the admin leaves a redirect behind."""
        from django.contrib.auth.models import User

        article = make_article(title="Zinc slips", slug="zinc-slips")
        editor = User.objects.create_superuser("editor", password="x")
        self.client.force_login(editor)
        response = self.client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            {
                "title": "Zinc slips",
                "slug": "zinc-prices-slip",
                "standfirst": "",
                "body": article.body,
                "tags": "",
                "status": "published",
                "published_at_0": article.published_at.strftime("%Y-%m-%d"),
                "published_at_1": article.published_at.strftime("%H:%M:%S"),
                "byline": "",
                "allow_comments": "on",
                "source_name": "",
                "source_url": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        response = self.client.get("/articles/zinc-slips/")
        self.assertRedirects(response, "/articles/zinc-prices-slip/", status_code=301)

    def test_taking_back_an_old_slug(self):
        """An article given back its earlier slug is served there, not redirected in a loop."""
        article = make_article(slug="first")
        article = Article.objects.get(pk=article.pk)
        article.slug = "second"
        article.save()
        article.slug = "first"
        article.save()
        self.assertEqual(self.client.get("/articles/first/").status_code, 200)
        self.assertRedirects(self.client.get("/articles/second/"), "/articles/first/", 301)
        self.assertFalse(ArticleSlug.objects.filter(slug="first").exists())

    def test_old_slug_of_a_draft_is_not_found(self):
        """Redirects go through the published() gate: a draft's old address is a 404."""
        article = make_article(slug="secret-plan")
        article = Article.objects.get(pk=article.pk)
        article.slug = "secret-plan-2"
        article.status = Article.Status.DRAFT
        article.save()
        self.assertEqual(self.client.get("/articles/secret-plan/").status_code, 404)

    def test_unknown_slug_is_not_found(self):
        """An address that never existed is a 404."""
        self.assertEqual(self.client.get("/articles/never-was/").status_code, 404)
