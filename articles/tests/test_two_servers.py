"""Two app servers sharing one Redis and one database, as behind a load balancer (and two
processes sharing the default file cache, as on one machine).

Starts two gunicorn servers (one worker each, production settings) on one SQLite file and
one Redis, then checks that what one server does, the other knows: a comment posted
through one is on the other's next page at once, and the comment flood limit counted by
one stops a second comment sent through the other. Skips when no Redis answers.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import unittest
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

from django.test import SimpleTestCase

from .test_cache_settings import NO_REDIS, TEST_REDIS_URL, redis_answers
from .test_settings import ROOT, run_manage

SEED = r"""
import datetime
from django.utils import timezone
from articles.models import Article, Comment
article = Article.objects.create(
    title="Cobalt output doubles", slug="cobalt-output-doubles", body="Mines reopened.",
    status="published", published_at=timezone.now() - datetime.timedelta(days=1),
)
Comment.objects.create(
    article=article, author_name="Known Reader", author_email="known@example.net",
    body="First approved comment.", status="approved",
)
"""

SITE = "news.example.test"
_HIDDEN = re.compile(r'<input type="hidden" name="(csrfmiddlewaretoken|token)" value="([^"]*)"')


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Keeps its cookies and reports redirects instead of following them."""

    def __init__(self):
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), _NoRedirect)

    def request(self, url, data=None):
        body = urlencode(data).encode() if data is not None else None
        # Both servers are one site, as behind nginx (proxy_set_header Host $host).
        request = Request(url, body, headers={"Host": SITE})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def comment(self, server, slug, **fields):
        """Reads the article page from `server` for its tokens, then posts the form there."""
        status, _, page = self.request(f"{server}/articles/{slug}/")
        assert status == 200, status
        data = dict(_HIDDEN.findall(page)) | {
            "body": "A comment.",
            "author_name": "Known Reader",
            "author_email": "known@example.net",
        }
        return self.request(f"{server}/articles/{slug}/comment/", data | fields)


class Server:
    def __init__(self, env):
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--workers",
            "1",
            "--bind",
            "127.0.0.1:0",
            "--log-level",
            "info",
            "--preload",
            "newsarchive.wsgi",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.address = None
        self.booted = threading.Event()
        self.log = []
        threading.Thread(target=self._read_log, daemon=True).start()

    def _read_log(self):
        for line in self.process.stderr:
            self.log.append(line)
            listening = re.search(r"Listening at: (http://\S+)", line)
            if listening:
                self.address = listening.group(1)
            if "Booting worker" in line:
                self.booted.set()
        self.booted.set()

    def wait_until_up(self):
        # The socket listens before the worker starts: requests queue until it is ready.
        if not self.booted.wait(timeout=60) or self.address is None:
            raise RuntimeError("gunicorn did not start:\n" + "".join(self.log))

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


@unittest.skipUnless(redis_answers(), NO_REDIS)
class TwoServersTests(SimpleTestCase):
    @classmethod
    def cache_url(cls, folder):
        return TEST_REDIS_URL

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        folder = Path(tempfile.mkdtemp())
        cls.addClassCleanup(shutil.rmtree, folder)
        env = {
            "DATABASE_URL": f"sqlite:///{folder / 'shared.sqlite3'}",
            "STATIC_ROOT": str(folder / "static"),
            "CACHE_URL": cls.cache_url(folder),
            "CACHE_KEY_PREFIX": f"test-two-servers-{uuid.uuid4().hex}",
            "PAGE_CACHE_TIMEOUT": "600",
            "SECRET_KEY": "two-servers-test-only-" + "k" * 40,
            "ALLOWED_HOSTS": SITE,
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            # The test may post at once; the flood window is wide enough for any machine.
            "COMMENTS_MIN_SUBMIT_SECONDS": "0",
            "COMMENTS_FLOOD_SECONDS": "300",
        }
        commands = [
            ["migrate", "--noinput", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["shell", "-c", SEED],
        ]
        for command in commands:
            result = run_manage(*command, env=env)
            if result.returncode:
                raise RuntimeError(result.stderr)
        full_env = {k: v for k, v in os.environ.items() if k != "DEBUG"} | env
        cls.servers = [Server(full_env), Server(full_env)]
        for server in cls.servers:
            cls.addClassCleanup(server.stop)
        for server in cls.servers:
            server.wait_until_up()
        cls.one, cls.two = (server.address for server in cls.servers)

    def logs(self):
        return "\n".join("".join(server.log) for server in self.servers)

    def test_cache_and_flood_limit_are_shared(self):
        """A page cached by one server is served by the other; a comment through one is seen
        by the other at once; the flood limit counted by one holds on the other."""
        slug = "cobalt-output-doubles"
        anonymous = Browser()
        status, headers, page = anonymous.request(f"{self.two}/articles/{slug}/")
        self.assertEqual((status, headers["X-Page-Cache"]), (200, "miss"), self.logs())
        status, headers, page = Browser().request(f"{self.one}/articles/{slug}/")
        self.assertEqual((status, headers["X-Page-Cache"]), (200, "hit"))
        self.assertNotIn("Second comment, through one.", page)

        # known@example.net has an approved comment, so this one is approved at once.
        reader = Browser()
        status, headers, _ = reader.comment(self.one, slug, body="Second comment, through one.")
        self.assertEqual(status, 302)

        status, headers, page = Browser().request(f"{self.two}/articles/{slug}/")
        self.assertEqual(headers["X-Page-Cache"], "miss")
        self.assertIn("Second comment, through one.", page)
        self.assertIn("2 comments", page)

        # The same reader at once through the other server: too quick.
        status, headers, page = reader.comment(self.two, slug, body="Third, through two.")
        self.assertEqual(status, 429)
        self.assertIn("You are posting comments too quickly.", page)
        # Another address from the same IP address is held too.
        status, _, _ = Browser().comment(
            self.two, slug, body="From a new address.", author_email="new@example.net"
        )
        self.assertEqual(status, 429)
        status, _, page = Browser().request(f"{self.one}/articles/{slug}/")
        self.assertNotIn("Third, through two.", page)
        self.assertNotIn("From a new address.", page)


class TwoProcessesOneMachineTests(TwoServersTests):
    """The same, with no Redis: the default cache, files every process on the machine
    shares (CACHE_URL=file://...), as `make run` starts several workers."""

    # Runs whether Redis answers or not (the skip is the Redis class's).
    __unittest_skip__ = False

    @classmethod
    def cache_url(cls, folder):
        return f"file://{folder / 'cache'}"
