"""Draft, Ready for review, Published: Contributors submit, Editors publish."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from articles.groups import CONTRIBUTORS, EDITORS
from articles.models import Article

from .factories import make_article

PASSWORD = "a-long-test-password"


def add_form(status, title="Lithium miners expand"):
    return {
        "title": title,
        "slug": "lithium-miners-expand",
        "standfirst": "",
        "body": "<p>Output will double.</p>",
        "tags": "",
        "status": status,
        "published_at_0": "2026-01-05",
        "published_at_1": "09:00:00",
        "byline": "",
        "allow_comments": "on",
        "source_name": "",
        "source_url": "",
    }


class ContributorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.contributor = users.create_user("co", "co@example.com", PASSWORD, is_staff=True)
        cls.contributor.groups.add(Group.objects.get(name=CONTRIBUTORS))
        cls.editor = users.create_user("ed", "ed@example.com", PASSWORD, is_staff=True)
        cls.editor.groups.add(Group.objects.get(name=EDITORS))

    def test_contributor_submits_for_review_but_cannot_publish(self):
        self.client.force_login(self.contributor)
        url = reverse("admin:articles_article_add")
        form = self.client.get(url).context["adminform"].form
        self.assertEqual([value for value, _ in form.fields["status"].choices], ["draft", "review"])
        refused = self.client.post(url, add_form("published"))
        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, "Select a valid choice")
        self.assertFalse(Article.objects.exists())
        response = self.client.post(url, add_form("review"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Article.objects.get().status, Article.Status.REVIEW)

    def test_article_ready_for_review_is_not_public(self):
        article = make_article(status=Article.Status.REVIEW)
        self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 404)
        self.assertNotContains(self.client.get(reverse("articles:feed-atom")), article.title)

    def test_contributor_cannot_change_a_published_article_nor_bulk_publish(self):
        published = make_article(title="Already out")
        draft = make_article(status=Article.Status.DRAFT)
        self.client.force_login(self.contributor)
        change = reverse("admin:articles_article_change", args=[published.pk])
        page = self.client.get(change)
        self.assertEqual(page.status_code, 200)
        self.assertFalse(page.context["has_change_permission"])
        self.client.post(change, add_form("draft", title="Changed by a contributor"))
        published.refresh_from_db()
        self.assertEqual(published.title, "Already out")
        changelist = self.client.get(reverse("admin:articles_article_changelist"))
        action_form = changelist.context["action_form"]  # None: no action at all
        actions = (
            [value for value, _ in action_form.fields["action"].choices] if action_form else []
        )
        self.assertNotIn("publish", actions)
        self.client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish", "_selected_action": [draft.pk]},
        )
        draft.refresh_from_db()
        self.assertEqual(draft.status, Article.Status.DRAFT)

    def test_editor_publishes_and_sees_the_review_count(self):
        make_article(status=Article.Status.REVIEW)
        waiting = make_article(status=Article.Status.REVIEW)
        self.client.force_login(self.editor)
        index = self.client.get(reverse("admin:index"))
        self.assertContains(index, "2 articles waiting for review")
        self.assertContains(
            index, f"{reverse('admin:articles_article_changelist')}?status__exact=review"
        )
        self.client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish", "_selected_action": [waiting.pk]},
        )
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, Article.Status.PUBLISHED)
        self.assertContains(self.client.get(reverse("admin:index")), "1 article waiting for review")

    def test_contributor_sees_no_review_count(self):
        self.client.force_login(self.contributor)
        self.assertNotContains(self.client.get(reverse("admin:index")), "waiting for review")

    def test_groups_hold_the_publish_permission_as_documented(self):
        editor = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
        contributor = set(
            Group.objects.get(name=CONTRIBUTORS).permissions.values_list("codename", flat=True)
        )
        self.assertIn("publish_article", editor)
        self.assertNotIn("publish_article", contributor)
        self.assertIn("change_article", contributor)
        self.assertFalse({c for c in contributor if c.endswith(("_user", "_group", "_comment"))})
