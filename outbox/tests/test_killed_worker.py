"""A worker killed in the middle of sending: the next worker sends the email, once.

Real processes on one SQLite file: a worker that the (local) SMTP server holds at RCPT is
killed with SIGKILL, as by the OOM killer or a pulled plug; a second worker finds the claim
expired (a short OUTBOX_LEASE_SECONDS) and delivers. The server counts what it accepts.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from .smtp import SMTPServer

ROOT = Path(__file__).resolve().parents[2]

SEED = """
from django.core.mail import EmailMessage
from outbox.mail import send_later
send_later("killed:1", EmailMessage("Reply", "Text", "news@example.com", ["ann@example.org"]))
"""

STATE = """
from django_tasks_db.models import DBTaskResult
from outbox.models import OutgoingEmail
email = OutgoingEmail.objects.get()
print(email.status, email.attempts)
print(sorted(r.status + ":" + r.exception_class_path.rsplit(".", 1)[-1]
             for r in DBTaskResult.objects.all()))
"""


class KilledWorkerTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        folder = Path(tempfile.mkdtemp())
        cls.addClassCleanup(shutil.rmtree, folder)
        cls.smtp = SMTPServer()
        cls.smtp.start()
        cls.addClassCleanup(cls.smtp.stop)
        cls.log = folder / "workers.log"
        cls.env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "EMAIL_BACKEND"}} | {
            "DATABASE_URL": f"sqlite:///{folder / 'worker.sqlite3'}",
            "SECRET_KEY": "killed-worker-test-only-" + "k" * 40,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(cls.smtp.port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_TIMEOUT": "60",
            "OUTBOX_LEASE_SECONDS": "1",
        }
        cls.manage("migrate", "--noinput", "-v0")

    @classmethod
    def manage(cls, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=cls.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode:
            raise AssertionError(result.stderr)
        return result.stdout

    def start_worker(self):
        with open(self.log, "a") as log:
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "run_worker",
                    "--interval=0.05",
                    "--recover-every=0.2",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.addCleanup(self.stop_worker, worker, signal.SIGKILL)
        return worker

    def stop_worker(self, worker, sig):
        if worker.poll() is None:
            os.killpg(worker.pid, sig)
        worker.wait(timeout=60)

    def test_a_worker_killed_mid_send_is_replaced_and_the_email_goes_once(self):
        handler = self.smtp.handler
        handler.mode = "stall"
        self.manage("shell", "-v0", "-c", SEED)

        first = self.start_worker()
        self.assertTrue(handler.rcpt_seen.wait(60), self.log.read_text())
        self.stop_worker(first, signal.SIGKILL)
        self.assertEqual(self.manage("shell", "-v0", "-c", STATE).splitlines()[0], "sending 1")

        handler.mode = "accept"
        self.smtp.controller.loop.call_soon_threadsafe(handler._release.set)
        second = self.start_worker()
        self.assertTrue(handler.message_accepted.wait(60), self.log.read_text())
        # SIGTERM lets the worker finish what it is doing, then stop.
        self.stop_worker(second, signal.SIGTERM)

        status, tasks = self.manage("shell", "-v0", "-c", STATE).splitlines()
        self.assertEqual(status, "sent 2")
        self.assertEqual(tasks, "['FAILED:WorkerLost', 'SUCCESSFUL:']")
        # Another worker, long after the lease: nothing is sent again.
        self.manage("run_worker", "--batch")
        self.assertEqual(len(handler.accepted), 1)
        self.assertEqual(handler.accepted[0]["To"], "ann@example.org")
