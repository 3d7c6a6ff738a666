import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Comment

from .factories import make_article, make_comment


class AdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser(
            "editor", "editor@example.com", "a-long-test-password"
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def test_article_changelist_shows_drafts_and_future_articles(self):
        make_article(title="Draft piece", status=Article.Status.DRAFT, tags=["Banking"])
        make_article(
            title="Scheduled piece", published_at=timezone.now() + datetime.timedelta(days=1)
        )
        response = self.client.get(reverse("admin:articles_article_changelist"))
        self.assertContains(response, "Draft piece")
        self.assertContains(response, "Scheduled piece")
        self.assertContains(response, "Banking")

    def test_article_changelist_queries_do_not_grow_with_rows(self):
        url = reverse("admin:articles_article_changelist")
        make_article(tags=["A", "B"])
        self.client.get(url)  # warm the session and content types
        with self.assertNumQueries(9) as ctx:
            self.client.get(url)
        baseline = len(ctx.captured_queries)
        for i in range(20):
            article = make_article(tags=[f"T{i}", "B"])
            make_comment(article)
        with self.assertNumQueries(baseline):
            self.client.get(url)

    def test_article_search_and_filters(self):
        make_article(title="Copper mine strike", tags=["Mining"])
        make_article(title="Bank results", status=Article.Status.DRAFT)
        url = reverse("admin:articles_article_changelist")
        self.assertContains(self.client.get(url, {"q": "copper"}), "Copper mine strike")
        response = self.client.get(url, {"status__exact": "draft"})
        self.assertContains(response, "Bank results")
        self.assertNotContains(response, "Copper mine strike")

    def test_editor_creates_and_publishes_an_article_with_tags(self):
        response = self.client.post(
            reverse("admin:articles_article_add"),
            {
                "title": "New plant opens",
                "slug": "new-plant-opens",
                "standfirst": "",
                "body": "Paragraph one.\n\nParagraph two.",
                "tags": "Manufacturing, Jobs",
                "status": "published",
                "published_at_0": "2026-01-05",
                "published_at_1": "09:00:00",
                "byline": "",
                "allow_comments": "on",
                "source_name": "",
                "source_url": "",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        article = Article.objects.get(slug="new-plant-opens")
        self.assertEqual(sorted(t.name for t in article.tags.all()), ["Jobs", "Manufacturing"])
        self.assertContains(self.client.get(reverse("articles:article-list")), "New plant opens")

    def test_bulk_comment_actions(self):
        article = make_article()
        comments = [make_comment(article, status=Comment.Status.PENDING) for _ in range(3)]
        url = reverse("admin:articles_comment_changelist")
        for action, status in [
            ("approve", Comment.Status.APPROVED),
            ("mark_spam", Comment.Status.SPAM),
            ("move_to_trash", Comment.Status.TRASH),
        ]:
            with self.subTest(action=action):
                self.client.post(
                    url, {"action": action, "_selected_action": [c.pk for c in comments]}
                )
                self.assertEqual(set(Comment.objects.values_list("status", flat=True)), {status})

    def test_comment_changelist_filters_by_status(self):
        article = make_article(title="Filtered")
        make_comment(article, body="Waiting one", status=Comment.Status.PENDING)
        make_comment(article, body="Fine one")
        url = reverse("admin:articles_comment_changelist")
        response = self.client.get(url, {"status__exact": "pending"})
        self.assertContains(response, "Waiting one")
        self.assertNotContains(response, "Fine one")

    def test_approving_in_admin_makes_comment_public(self):
        article = make_article()
        comment = make_comment(article, body="Approve me", status=Comment.Status.PENDING)
        self.assertNotContains(self.client.get(article.get_absolute_url()), "Approve me")
        self.client.post(
            reverse("admin:articles_comment_changelist"),
            {"action": "approve", "_selected_action": [comment.pk]},
        )
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "Approve me")
        self.assertContains(response, "1 comment")
