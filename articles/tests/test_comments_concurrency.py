"""200 distinct comments posted at once to a running server are all stored, none lost."""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path
from types import SimpleNamespace
from unittest import skipUnless
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase

from articles.comments.spam import form_token
from articles.models import Comment

from .factories import make_article

ROOT = Path(settings.BASE_DIR)
READERS = 200
IDENTICAL = 20
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reader_address(n):
    """A loopback address of its own for each reader (Linux routes all of 127/8 to lo)."""
    return f"127.1.{n // 250}.{n % 250 + 1}"


def loopback_aliases_work():
    try:
        with socket.socket() as sock:
            sock.bind((reader_address(READERS - 1), 0))
    except OSError:
        return False
    return True


@skipUnless(
    loopback_aliases_work(), "this system cannot bind loopback addresses other than 127.0.0.1"
)
class ConcurrentPostingTests(TransactionTestCase):
    """Starts gunicorn as production does (2 processes, 4 threads each) on the test database
    (PostgreSQL) or on a fresh SQLite file, then 200 readers post at once from a pool of
    32 threads, each reading the article page first as a browser would.

    Honest identities, no switched-off defences: each reader connects from its own loopback
    address (so flood control stays on and sees 200 different clients) with its own email and
    text. The CSRF cookie and field come from the page each reader loads. The signed form
    token is made with the server's own key for a page read 10 seconds earlier, as if each
    reader had taken 10 seconds to type; that keeps the minimum-time check on without the test
    waiting. DEBUG=1 is set only so that static URLs need no collectstatic run.
    """

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.env = os.environ | {
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": "1",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": self.database_url(),
            "CONN_MAX_AGE": "0",
            "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }

    def database_url(self):
        if connection.vendor == "sqlite":
            self.sqlite_path = Path(self.tmp.name) / "live.sqlite3"
            return f"sqlite:///{self.sqlite_path}"
        db = connection.settings_dict
        user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout

    def make_live_article(self):
        if connection.vendor == "sqlite":
            self.manage("migrate", "--noinput", "-v", "0")
            code = (
                "from articles.tests.factories import make_article; "
                "a = make_article(title='Rates decision'); print('ARTICLE', a.pk, a.slug)"
            )
            output = self.manage("shell", "-c", code)
            pk, slug = re.search(r"^ARTICLE (\d+) (\S+)$", output, re.M).groups()
            return SimpleNamespace(pk=int(pk), slug=slug)
        article = make_article(title="Rates decision")
        return SimpleNamespace(pk=article.pk, slug=article.slug)

    def stored_bodies(self):
        if connection.vendor == "sqlite":
            code = (
                "from articles.models import Comment; "
                "bodies = Comment.objects.values_list('body', flat=True); "
                "print('\\n'.join('BODY ' + b for b in bodies))"
            )
            output = self.manage("shell", "-c", code)
            return [line[5:] for line in output.splitlines() if line.startswith("BODY ")]
        return list(Comment.objects.values_list("body", flat=True))

    def start_server(self):
        self.port = free_port()
        log = open(Path(self.tmp.name) / "gunicorn.log", "w+")  # noqa: SIM115
        self.addCleanup(log.close)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsarchive.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                "--workers=2",
                "--threads=4",
                "--timeout=60",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

        def stop():
            server.terminate()
            server.wait(timeout=30)

        self.addCleanup(stop)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _ = self.request("GET", self.page, "127.0.0.1")
            except OSError:
                status = None
            if status == 200:
                return
            if server.poll() is not None:
                break
            time.sleep(0.1)  # waiting for a process to start, not for time to pass
        log.seek(0)
        self.fail(f"gunicorn did not start:\n{log.read()[-3000:]}")

    def request(self, method, path, source, body=None, headers=None):
        conn = HTTPConnection("127.0.0.1", self.port, timeout=60, source_address=(source, 0))
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, (response.read().decode(), response.getheader("Set-Cookie"))
        finally:
            conn.close()

    def post_as_reader(self, n, body, email):
        source = reader_address(n)
        status, (html, set_cookie) = self.request("GET", self.page, source)
        assert status == 200, status
        csrf_cookie = _CSRF_COOKIE.search(set_cookie).group(1)
        data = {
            "csrfmiddlewaretoken": _CSRF_FIELD.search(html).group(1),
            "token": form_token(self.article, issued=time.time() - 10),
            "body": body,
            "author_name": f"Reader {n}",
            "author_email": email,
            "author_url": "",
        }
        status, _ = self.request(
            "POST",
            f"/articles/{self.article.slug}/comment/",
            source,
            body=urlencode(data),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf_cookie}",
            },
        )
        return status

    def test_two_hundred_concurrent_comments_are_all_stored(self):
        self.article = self.make_live_article()
        self.page = f"/articles/{self.article.slug}/"
        self.start_server()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=32) as pool:
            statuses = list(
                pool.map(
                    lambda n: self.post_as_reader(
                        n, f"Comment number {n} on the rates decision.", f"reader{n}@example.org"
                    ),
                    range(READERS),
                )
            )
        elapsed = time.monotonic() - started
        self.assertEqual(statuses, [302] * READERS)
        bodies = self.stored_bodies()
        self.assertEqual(len(bodies), READERS)
        self.assertEqual(
            sorted(bodies),
            sorted(f"Comment number {n} on the rates decision." for n in range(READERS)),
        )
        self.assertLess(elapsed, 60)

        # The same comment from the same person sent 20 times at the same instant (from 20
        # connections): exactly one is stored, the rest are refused as duplicates or flood.
        with ThreadPoolExecutor(max_workers=IDENTICAL) as pool:
            statuses = list(
                pool.map(
                    lambda n: self.post_as_reader(
                        READERS + n, "Said once, sent twenty times.", "twin@example.org"
                    ),
                    range(IDENTICAL),
                )
            )
        self.assertEqual(statuses.count(302), 1, statuses)
        self.assertTrue(set(statuses) <= {302, 409, 429}, statuses)
        self.assertEqual(self.stored_bodies().count("Said once, sent twenty times."), 1)
