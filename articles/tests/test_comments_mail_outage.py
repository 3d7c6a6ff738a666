"""With the mail server down, readers post and staff approve as usual; when it returns,
every notification reaches the (real, local) SMTP server exactly once."""

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.models import Comment
from outbox.models import OutgoingEmail
from outbox.tests.smtp import SMTPServer
from outbox.tests.worker import background_tasks, run_worker

from .commenting import CommentingMixin, StaffClient
from .factories import make_article, make_comment


@override_settings(OUTBOX_RETRY_DELAYS=[15, 60, 300])
class MailOutageTests(CommentingMixin, TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = SMTPServer()  # started by the test, once the outage is over
        cls.addClassCleanup(cls.smtp.stop)
        settings = override_settings(**cls.smtp.settings())
        settings.enable()
        cls.addClassCleanup(settings.disable)

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Freight rates fall")
        cls.parent = make_comment(
            cls.article, author_email="ann@example.org", notify_replies=True, body="Rates?"
        )
        # Dana has an approved comment, so her reply is approved at once.
        make_comment(make_article(), author_email="dana@example.net")
        cls.boss = get_user_model().objects.create_superuser(
            "boss", "boss@example.com", "a-long-test-password"
        )

    def test_nothing_fails_while_mail_is_down_and_everything_arrives_once_after(self):
        page = f"{self.article.get_absolute_url()}?replytocom={self.parent.pk}"
        # An approved reply (Ann is emailed) and a held comment (staff are emailed).
        response = self.post_comment(self.article, page_url=page, body="Down 5%.")
        self.assertEqual(response.status_code, 302)
        self.next_minute()
        response = self.post_comment(
            self.article, body="A new voice.", author_email="new@example.net"
        )
        self.assertEqual(response.status_code, 302)
        held = Comment.objects.get(body="A new voice.")
        self.assertEqual(held.status, Comment.Status.PENDING)

        # Staff reply to the held comment's author... and approve it, still without mail.
        held.notify_replies = True
        held.save()
        staff = StaffClient(self.boss)
        with background_tasks(self):
            response = staff.post(
                reverse("admin:articles_comment_add"),
                {
                    "article": self.article.pk,
                    "parent": held.pk,
                    "status": "approved",
                    "body": "Welcome.",
                    "author_name": "Boss",
                    "author_email": "boss@example.com",
                    "created_at_0": "2024-01-01",
                    "created_at_1": "10:00:00",
                },
            )
        self.assertEqual(response.status_code, 302)
        held.refresh_from_db()
        self.assertEqual(held.status, Comment.Status.APPROVED)

        emails = OutgoingEmail.objects.order_by("pk")
        self.assertEqual(
            [(email.to, email.status) for email in emails],
            [
                (["ann@example.org"], "pending"),
                (["boss@example.com"], "pending"),
                (["new@example.net"], "pending"),
            ],
        )
        self.assertTrue(all("ConnectionRefusedError" in email.last_error for email in emails))

        # The worker keeps trying while the server stays down.
        self.clock.shift(15)
        run_worker()
        self.assertEqual({email.attempts for email in emails.all()}, {2})

        self.smtp.start()
        self.smtp.handler.mode = "refuse"  # up, but refusing for now
        self.clock.shift(60)
        run_worker()
        self.assertEqual(self.smtp.handler.accepted, [])
        self.smtp.handler.mode = "accept"
        for _ in range(4):
            self.clock.shift(300)
            run_worker()

        received = {message["To"]: message for message in self.smtp.handler.accepted}
        self.assertEqual(len(self.smtp.handler.accepted), 3)
        self.assertEqual(set(received), {"ann@example.org", "boss@example.com", "new@example.net"})
        self.assertIn("New reply", received["ann@example.org"]["Subject"])
        self.assertIn("Please moderate", received["boss@example.com"]["Subject"])
        self.assertIn("New reply", received["new@example.net"]["Subject"])
        self.assertEqual(set(emails.values_list("status", flat=True)), {"sent"})

        # Approving again in the admin stores and sends nothing more.
        with background_tasks(self):
            staff.post(
                reverse("admin:articles_comment_changelist"),
                {
                    "action": "approve",
                    "_selected_action": list(Comment.objects.values_list("pk", flat=True)),
                },
            )
        self.clock.shift(86400)
        run_worker()
        self.assertEqual(len(self.smtp.handler.accepted), 3)
