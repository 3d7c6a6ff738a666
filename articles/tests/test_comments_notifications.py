"""Reply notifications: opt-in, sent once a reply is approved, one-click unsubscribe."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from articles.comments.notifications import unsubscribe_token
from articles.models import Comment
from outbox.tests.worker import background_tasks

from .commenting import CommentingMixin, StaffClient
from .factories import make_article, make_comment


class ReplyNotificationTests(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Chipmaker beats forecasts")
        cls.parent = make_comment(
            cls.article,
            author_name="Ann",
            author_email="ann@example.org",
            notify_replies=True,
            body="Strong quarter.",
        )
        cls.quiet = make_comment(cls.article, author_email="quiet@example.org", body="Hm.")
        # Dana has an approved comment elsewhere, so her replies are approved at once.
        make_comment(make_article(), author_email="dana@example.net")

    def reply_to(self, parent, **fields):
        page = f"{self.article.get_absolute_url()}?replytocom={parent.pk}"
        return self.post_comment(self.article, page_url=page, **fields)

    def reply_emails(self):
        return [m for m in mail.outbox if "New reply" in m.subject]

    def test_the_box_is_stored(self):
        self.post_comment(self.article, notify_replies="on", author_email="new@example.net")
        self.assertTrue(Comment.objects.get(author_email="new@example.net").notify_replies)

    def test_an_approved_reply_emails_the_parent_author_with_a_link_and_unsubscribe(self):
        self.reply_to(self.parent, body="Margins say otherwise.")
        reply = Comment.objects.get(body="Margins say otherwise.")
        [message] = self.reply_emails()
        self.assertEqual(message.to, ["ann@example.org"])
        self.assertIn("Chipmaker beats forecasts", message.subject)
        self.assertIn("Dana replied to your comment", message.body)
        self.assertIn("Margins say otherwise.", message.body)
        self.assertIn(
            f"http://testserver{self.article.get_absolute_url()}#comment-{reply.pk}", message.body
        )
        self.assertNotIn("dana@example.net", message.body)
        unsubscribe = re.search(r"http://testserver(/comments/unsubscribe/\S+/)", message.body)
        self.assertIsNotNone(unsubscribe)
        self.assertEqual(message.extra_headers["List-Unsubscribe"], f"<{unsubscribe.group(0)}>")
        self.assertEqual(
            message.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click"
        )

    def test_no_email_when_the_parent_author_did_not_ask(self):
        self.reply_to(self.quiet, body="To the quiet one.")
        self.assertEqual(self.reply_emails(), [])

    def test_no_email_for_replying_to_yourself(self):
        own = make_comment(self.article, author_email="DANA@example.net", notify_replies=True)
        self.reply_to(own, body="Adding to my own point.")
        self.assertEqual(self.reply_emails(), [])

    def test_an_invalid_stored_address_is_never_used_as_a_recipient(self):
        """An address that came in some other way (an import, say) and could carry a header."""
        broken = make_comment(
            self.article,
            author_email="ann@example.org\nBcc: victim@example.org",
            notify_replies=True,
        )
        # Skipped before any message is built, not refused by the mail library afterwards.
        with self.assertNoLogs("articles.comments.notifications", level="ERROR"):
            self.reply_to(broken, body="Reply to a broken address.")
        self.assertEqual(self.reply_emails(), [])

    def test_a_held_reply_emails_only_once_approved_and_only_once(self):
        self.reply_to(self.parent, body="New voice here.", author_email="newbie@example.net")
        reply = Comment.objects.get(body="New voice here.")
        self.assertEqual(reply.status, Comment.Status.PENDING)
        self.assertEqual(self.reply_emails(), [])
        admin = get_user_model().objects.create_superuser("b", "b@example.com", "pw-long-enough")
        staff = StaffClient(admin)
        changelist = reverse("admin:articles_comment_changelist")
        for action in ["approve", "unapprove", "approve", "approve"]:
            with background_tasks(self):
                response = staff.post(
                    changelist, {"action": action, "_selected_action": [reply.pk]}
                )
            self.assertEqual(response.status_code, 302)
        self.assertEqual(len(self.reply_emails()), 1)
        self.assertIn("New voice here.", self.reply_emails()[0].body)

    def test_one_click_unsubscribe_stops_reply_emails_for_every_comment(self):
        other = make_comment(make_article(), author_email="ANN@example.org", notify_replies=True)
        url = reverse("articles:comment-unsubscribe", args=[unsubscribe_token(self.parent)])
        response = self.client.get(url)
        self.assertContains(response, "You are unsubscribed")
        self.assertNotContains(response, "ann@example.org")
        self.parent.refresh_from_db()
        other.refresh_from_db()
        self.assertFalse(self.parent.notify_replies)
        self.assertFalse(other.notify_replies)
        self.reply_to(self.parent, body="Too late for Ann.")
        self.assertEqual(self.reply_emails(), [])

    def test_mail_clients_one_click_post_works_without_csrf_cookie(self):
        url = reverse("articles:comment-unsubscribe", args=[unsubscribe_token(self.parent)])
        response = self.new_client().post(url, {"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200)
        self.parent.refresh_from_db()
        self.assertFalse(self.parent.notify_replies)

    def test_a_tampered_unsubscribe_link_is_refused_clearly(self):
        token = unsubscribe_token(self.parent)
        forged = unsubscribe_token(self.quiet).split(":")[0] + ":" + token.split(":", 1)[1]
        for bad in ["nonsense", token[:-3] + "abc", forged]:
            with self.subTest(token=bad):
                url = reverse("articles:comment-unsubscribe", args=[bad])
                response = self.client.get(url)
                self.assertContains(response, "This link does not work", status_code=400)
        self.parent.refresh_from_db()
        self.assertTrue(self.parent.notify_replies)
