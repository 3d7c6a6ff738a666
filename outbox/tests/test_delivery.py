"""The outbox sends each stored email once: after commit, retried while the mail server
refuses or is down, taken over from a worker that died, and given up on only at the end."""

import datetime

import time_machine
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.mail import send_later
from outbox.models import OutgoingEmail
from outbox.tasks import _claim, deliver

from .smtp import SMTPServer
from .worker import background_tasks, run_worker


def message(n=1):
    return EmailMessage(f"Subject {n}", f"Body {n}", "news@example.com", [f"reader{n}@example.org"])


class SMTPServerMixin:
    """A real SMTP server on a free port for the class; each test starts it accepting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = SMTPServer()
        cls.smtp.start()
        cls.addClassCleanup(cls.smtp.stop)
        settings = override_settings(**cls.smtp.settings())
        settings.enable()
        cls.addClassCleanup(settings.disable)

    def setUp(self):
        super().setUp()
        if self.smtp.controller is None:
            self.smtp.start()
        self.smtp.handler.mode = "accept"
        self.smtp.handler.accepted.clear()
        traveller = time_machine.travel(timezone.now(), tick=False)
        self.clock = traveller.start()
        self.addCleanup(traveller.stop)


class StoringTests(SMTPServerMixin, TestCase):
    def test_one_key_is_stored_and_sent_once(self):
        with background_tasks(self):
            self.assertTrue(send_later("thing:1", message(1)))
            self.assertFalse(send_later("thing:1", message(2)))
        self.assertEqual(OutgoingEmail.objects.count(), 1)
        [sent] = self.smtp.handler.accepted
        self.assertEqual(sent["Subject"], "Subject 1")
        self.assertEqual(sent["Message-ID"], OutgoingEmail.objects.get().message_id)

    def test_enqueued_only_when_the_write_commits(self):
        with self.captureOnCommitCallbacks() as callbacks:
            send_later("thing:2", message())
            self.assertFalse(DBTaskResult.objects.exists())
        self.assertEqual(len(callbacks), 1)

    def test_a_rolled_back_write_stores_and_sends_nothing(self):
        with background_tasks(self):
            try:
                with transaction.atomic():
                    send_later("thing:3", message())
                    raise RuntimeError("the write failed")
            except RuntimeError:
                pass
        self.assertFalse(OutgoingEmail.objects.exists())
        self.assertFalse(DBTaskResult.objects.exists())
        self.assertEqual(self.smtp.handler.accepted, [])

    def test_two_tasks_for_one_email_send_it_once(self):
        with background_tasks(self):
            send_later("thing:4", message())
        deliver.enqueue(OutgoingEmail.objects.get().pk)
        run_worker()
        self.assertEqual(len(self.smtp.handler.accepted), 1)
        self.assertEqual(DBTaskResult.objects.successful().count(), 2)


@override_settings(OUTBOX_RETRY_DELAYS=[10, 20], OUTBOX_LEASE_SECONDS=60)
class RetryTests(SMTPServerMixin, TestCase):
    def email(self):
        return OutgoingEmail.objects.get()

    def test_refused_then_down_then_back_sends_once(self):
        self.smtp.handler.mode = "refuse"
        with background_tasks(self):
            send_later("thing:5", message())
        email = self.email()
        self.assertEqual((email.status, email.attempts), (OutgoingEmail.Status.PENDING, 1))
        self.assertIn("451", email.last_error)
        self.assertEqual(email.next_attempt_at, timezone.now() + datetime.timedelta(seconds=10))

        # Not yet due: nothing is tried, even by a task that runs early (a duplicate).
        self.clock.shift(5)
        deliver.enqueue(email.pk)
        run_worker()
        self.assertEqual(self.email().attempts, 1)

        # Due, and the server is now down altogether.
        self.smtp.stop()
        self.clock.shift(5)
        run_worker()
        email = self.email()
        self.assertEqual((email.status, email.attempts), (OutgoingEmail.Status.PENDING, 2))
        self.assertIn("ConnectionRefusedError", email.last_error)

        self.smtp.handler.mode = "accept"
        self.smtp.start()
        self.clock.shift(20)
        run_worker()
        email = self.email()
        self.assertEqual((email.status, email.attempts), (OutgoingEmail.Status.SENT, 3))
        self.assertEqual(email.last_error, "")
        # Later passes of the worker, and its recovery, never send it again.
        for _ in range(3):
            self.clock.shift(3600)
            run_worker()
        self.assertEqual(self.smtp.message_ids(), [email.message_id])
        # Each failed attempt is a failed task, with the error, for staff to see.
        failed = DBTaskResult.objects.failed()
        self.assertEqual(failed.count(), 2)
        self.assertEqual(
            {result.exception_class_path for result in failed},
            {"smtplib.SMTPRecipientsRefused", "builtins.ConnectionRefusedError"},
        )
        self.assertTrue(all("Traceback" in result.traceback for result in failed))

    def test_gives_up_after_the_last_delay_and_staff_can_send_again(self):
        self.smtp.handler.mode = "refuse"
        with background_tasks(self):
            send_later("thing:6", message())
        for delay in [10, 20]:
            self.clock.shift(delay)
            run_worker()
        email = self.email()
        self.assertEqual((email.status, email.attempts), (OutgoingEmail.Status.FAILED, 3))
        self.clock.shift(86400)
        run_worker()
        self.assertEqual(self.email().attempts, 3)

        self.smtp.handler.mode = "accept"
        admin = get_user_model().objects.create_superuser("boss", "b@example.com", "pw-long-one")
        self.client.force_login(admin)
        changelist = reverse("admin:outbox_outgoingemail_changelist")
        page = self.client.get(changelist)
        self.assertContains(page, "gave up")
        with background_tasks(self):
            response = self.client.post(
                changelist, {"action": "send_again", "_selected_action": [email.pk]}
            )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.email().status, OutgoingEmail.Status.SENT)
        self.assertEqual(len(self.smtp.handler.accepted), 1)
        # "Send again" never resends one already sent.
        with background_tasks(self):
            self.client.post(changelist, {"action": "send_again", "_selected_action": [email.pk]})
        self.assertEqual(len(self.smtp.handler.accepted), 1)
        self.assertContains(self.client.get(changelist), "sent")

    def test_a_dead_workers_claim_is_taken_over_once_its_lease_ends(self):
        with self.captureOnCommitCallbacks(execute=False):
            send_later("thing:7", message())
        pk = OutgoingEmail.objects.get().pk
        # A worker claimed the email, then died before sending it: its task stays "running".
        _claim(pk)
        task = deliver.enqueue(pk)
        DBTaskResult.objects.filter(pk=task.id).update(status="RUNNING", started_at=timezone.now())
        run_worker()
        self.assertEqual(self.smtp.handler.accepted, [])
        self.clock.shift(61)
        run_worker()
        email = self.email()
        self.assertEqual((email.status, email.attempts), (OutgoingEmail.Status.SENT, 2))
        self.assertEqual(len(self.smtp.handler.accepted), 1)
        lost = DBTaskResult.objects.get(pk=task.id)
        self.assertEqual(lost.status, "FAILED")
        self.assertIn("WorkerLost", lost.exception_class_path)

    def test_an_email_whose_task_went_missing_is_found_again(self):
        """The process that committed died before it could enqueue: the worker finds it."""
        with self.captureOnCommitCallbacks(execute=False):
            send_later("thing:8", message())
        run_worker()
        self.assertEqual(self.smtp.handler.accepted, [])
        self.clock.shift(61)
        run_worker()
        self.assertEqual(len(self.smtp.handler.accepted), 1)


class TaskStateInAdminTests(SMTPServerMixin, TestCase):
    def test_staff_see_each_email_and_each_task(self):
        with background_tasks(self):
            send_later("thing:9", message())
        admin = get_user_model().objects.create_superuser("boss", "b@example.com", "pw-long-one")
        self.client.force_login(admin)
        emails = self.client.get(reverse("admin:outbox_outgoingemail_changelist"))
        self.assertContains(emails, "Subject 1")
        self.assertContains(emails, "reader1@example.org")
        tasks = self.client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
        self.assertContains(tasks, "deliver")
        self.assertContains(tasks, "SUCCESSFUL")
