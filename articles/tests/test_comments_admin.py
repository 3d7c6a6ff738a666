"""The moderation queue in the admin: filters, search, bulk actions, counts, staff replies."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client, TestCase
from django.urls import reverse

from articles.groups import EDITORS
from articles.models import Comment
from outbox.mail import send_later
from outbox.models import OutgoingEmail
from outbox.tests.worker import background_tasks

from .commenting import StaffClient
from .factories import make_article, make_comment

CHANGELIST = "admin:articles_comment_changelist"


class ModerationQueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_user(
            "editor",
            "editor@example.com",
            "a-long-test-password",
            is_staff=True,
            first_name="Erin",
            last_name="Editor",
        )
        cls.editor.groups.add(Group.objects.get(name=EDITORS))
        cls.banks = make_article(title="Banks rally")
        cls.oil = make_article(title="Oil slips")
        cls.pending = make_comment(
            cls.banks, body="Waiting on banks", author_name="Walt", status="pending"
        )
        cls.approved = make_comment(
            cls.banks, body="Fine on banks", author_email="fine@example.org"
        )
        cls.spam = make_comment(cls.oil, body="Cheap pills", status="spam")

    def setUp(self):
        self.client = StaffClient(self.editor)

    def changelist(self, **params):
        return self.client.get(reverse(CHANGELIST), params)

    def test_filters_by_status_and_article(self):
        response = self.changelist(status__exact="pending")
        self.assertContains(response, "Waiting on banks")
        self.assertNotContains(response, "Fine on banks")
        response = self.changelist(article__id__exact=self.oil.pk)
        self.assertContains(response, "Cheap pills")
        self.assertNotContains(response, "Waiting on banks")

    def test_search_by_author_email_and_text(self):
        for query, found in [
            ("Walt", "Waiting on banks"),
            ("fine@example.org", "Fine on banks"),
            ("pills", "Cheap pills"),
        ]:
            with self.subTest(query=query):
                response = self.changelist(q=query)
                self.assertContains(response, found)
                self.assertContains(response, "1 result")

    def test_bulk_approve_unapprove_spam_trash(self):
        pks = [self.pending.pk, self.approved.pk, self.spam.pk]
        for action, status in [
            ("approve", "approved"),
            ("unapprove", "pending"),
            ("mark_spam", "spam"),
            ("move_to_trash", "trash"),
        ]:
            with self.subTest(action=action):
                response = self.client.post(
                    reverse(CHANGELIST), {"action": action, "_selected_action": pks}, follow=True
                )
                self.assertContains(response, "3 comment(s)")
                statuses = set(Comment.objects.filter(pk__in=pks).values_list("status", flat=True))
                self.assertEqual(statuses, {status})

    def test_pending_count_on_the_admin_index(self):
        make_comment(self.oil, status="pending")
        response = self.client.get(reverse("admin:index"))
        self.assertContains(
            response,
            f'<a href="{reverse(CHANGELIST)}?status__exact=pending">'
            "2 comments awaiting moderation</a>",
            html=True,
        )

    def test_reply_link_opens_a_staff_reply_prefilled(self):
        response = self.changelist()
        add = reverse("admin:articles_comment_add")
        self.assertContains(response, f'<a href="{add}?parent={self.approved.pk}">Reply</a>')
        form = self.client.get(add, {"parent": self.approved.pk})
        self.assertContains(form, 'value="Erin Editor"')
        self.assertContains(form, 'value="editor@example.com"')
        self.assertContains(form, '<option value="approved" selected>Approved</option>', html=True)

    def staff_reply(self, parent, body):
        return self.client.post(
            reverse("admin:articles_comment_add") + f"?parent={parent.pk}",
            {
                "article": parent.article_id,
                "parent": parent.pk,
                "status": "approved",
                "body": body,
                "author_name": "Erin Editor",
                "author_email": "editor@example.com",
                "author_url": "",
                "created_at_0": "2026-01-05",
                "created_at_1": "09:00:00",
            },
        )

    def test_staff_reply_appears_approved_on_the_article(self):
        response = self.staff_reply(self.approved, "Thanks for reading.")
        self.assertEqual(response.status_code, 302)
        reply = Comment.objects.get(body="Thanks for reading.")
        self.assertEqual(reply.status, Comment.Status.APPROVED)
        self.assertEqual(reply.parent, self.approved)
        page = self.client.get(self.banks.get_absolute_url())
        self.assertContains(page, "Thanks for reading.")
        self.assertNotContains(page, "editor@example.com")

    def test_staff_reply_to_a_held_comment_approves_it(self):
        self.staff_reply(self.pending, "Answering you.")
        self.pending.refresh_from_db()
        self.assertEqual(self.pending.status, Comment.Status.APPROVED)
        page = self.client.get(self.banks.get_absolute_url())
        self.assertContains(page, "Waiting on banks")
        self.assertContains(page, "Answering you.")

    def test_admin_refuses_a_javascript_website(self):
        comment = self.approved
        response = self.client.post(
            reverse("admin:articles_comment_change", args=[comment.pk]),
            {
                "article": comment.article_id,
                "parent": "",
                "status": "approved",
                "body": comment.body,
                "author_name": comment.author_name,
                "author_email": comment.author_email,
                "author_url": "javascript:alert(1)",
                "created_at_0": "2026-01-05",
                "created_at_1": "09:00:00",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Enter a valid URL.")
        comment.refresh_from_db()
        self.assertEqual(comment.author_url, "")

    def test_the_change_list_does_not_grow_in_queries(self):
        self.changelist()
        with self.assertNumQueries(10) as ctx:
            self.changelist()
        for _ in range(20):
            make_comment(self.oil)
        with self.assertNumQueries(len(ctx.captured_queries)):
            self.changelist()


class PersonalDataActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser(
            "boss", "boss@example.com", "a-long-test-password"
        )
        cls.article = make_article()
        cls.first = make_comment(
            cls.article,
            author_name="Pat",
            author_email="Pat@Example.org",
            author_url="https://pat.example/",
            ip_address="203.0.113.9",
            user_agent="Firefox",
            notify_replies=True,
            body="Pat's first.",
        )
        cls.reply = make_comment(cls.article, parent=cls.first, body="Someone answers Pat.")
        cls.second = make_comment(
            make_article(), author_name="Pat", author_email="pat@example.org", body="Pat again."
        )
        cls.other = make_comment(cls.article, author_name="Quinn", body="Quinn's view.")

    def setUp(self):
        self.client = StaffClient(self.admin)

    def run_action(self, action, confirm):
        data = {"action": action, "_selected_action": [self.first.pk]}
        if confirm:
            data["post"] = "yes"
        return self.client.post(reverse(CHANGELIST), data, follow=confirm)

    def test_erase_asks_first_then_erases_every_comment_of_that_address(self):
        response = self.run_action("erase_personal_data", confirm=False)
        self.assertContains(response, "2 comments by:")
        self.assertContains(response, "<li>pat@example.org</li>", html=True)
        self.assertEqual(Comment.objects.get(pk=self.first.pk).author_name, "Pat")

        response = self.run_action("erase_personal_data", confirm=True)
        self.assertContains(response, "Personal details erased from 2 comment(s).")
        for comment in [self.first, self.second]:
            comment.refresh_from_db()
            self.assertEqual(
                [
                    comment.author_name,
                    comment.author_email,
                    comment.author_url,
                    comment.ip_address,
                    comment.user_agent,
                    comment.notify_replies,
                ],
                ["Anonymous", "", "", None, "", False],
            )
        self.assertEqual(self.first.body, "Pat's first.")
        self.other.refresh_from_db()
        self.assertEqual(self.other.author_name, "Quinn")
        page = self.client.get(self.article.get_absolute_url())
        self.assertContains(page, "Pat&#x27;s first.")
        self.assertNotContains(page, "pat.example")

    def test_delete_removes_their_comments_and_keeps_replies(self):
        response = self.run_action("delete_authors_comments", confirm=False)
        self.assertContains(response, "Delete every comment by these authors")
        self.assertEqual(Comment.objects.count(), 4)
        response = self.run_action("delete_authors_comments", confirm=True)
        self.assertContains(response, "2 comment(s) deleted.")
        self.assertFalse(Comment.objects.filter(author_email__iexact="pat@example.org").exists())
        self.reply.refresh_from_db()
        self.assertIsNone(self.reply.parent)
        self.assertTrue(Comment.objects.filter(pk=self.other.pk).exists())

    def assert_action_drops_their_stored_emails(self, action):
        """Sent or waiting, an email to an erased address keeps nothing of it."""
        for n, to in enumerate(["PAT@example.org", "quinn@example.org"]):
            send_later(f"{action}:{n}", EmailMessage("S", "Pat wrote", "a@b.c", [to]))
        self.run_action(action, confirm=True)
        self.assertEqual(
            list(OutgoingEmail.objects.values_list("to", flat=True)), [["quinn@example.org"]]
        )

    def test_erasing_drops_the_emails_stored_for_those_authors(self):
        self.assert_action_drops_their_stored_emails("erase_personal_data")

    def test_deleting_drops_the_emails_stored_for_those_authors(self):
        self.assert_action_drops_their_stored_emails("delete_authors_comments")


class NoMailForStaffActionsTests(TestCase):
    def test_bulk_actions_send_no_moderation_email(self):
        admin = get_user_model().objects.create_superuser("b", "b@example.com", "pw-long-enough")
        self.client = StaffClient(admin)
        comment = make_comment(make_article(), status="pending")
        with background_tasks(self):
            response = self.client.post(
                reverse(CHANGELIST), {"action": "approve", "_selected_action": [comment.pk]}
            )
        self.assertEqual(response.status_code, 302)
        comment.refresh_from_db()
        self.assertEqual(comment.status, Comment.Status.APPROVED)
        self.assertEqual(mail.outbox, [])

    def test_a_post_without_the_csrf_token_changes_nothing(self):
        admin = get_user_model().objects.create_superuser("c", "c@example.com", "pw-long-enough")
        client = Client(enforce_csrf_checks=True)
        client.force_login(admin)
        comment = make_comment(make_article(), status="pending")
        response = client.post(
            reverse(CHANGELIST), {"action": "approve", "_selected_action": [comment.pk]}
        )
        self.assertEqual(response.status_code, 403)
        comment.refresh_from_db()
        self.assertEqual(comment.status, Comment.Status.PENDING)
