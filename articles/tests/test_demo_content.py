from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

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
