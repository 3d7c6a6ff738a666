"""Varnish in front of the site, real processes: gunicorn, the background worker and
varnishd (with the repository's VCL) on one SQLite file.

What a reader gets through Varnish: pages from its memory, with their own tokens put in by
ESI; an approved comment and an article edit within a second (measured); a comment posted
without JavaScript from a cached page, with only the cookies a browser would have; a
cross-site post refused; and a purge that reaches Varnish once it answers again.
Skips when varnishd is not installed (CI installs it) or no Redis answers (the page cache
the app server and the editing process share).
"""

import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
import unittest
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

from django.middleware.csrf import _unmask_cipher_token
from django.test import SimpleTestCase

from articles.tests.test_cache_settings import NO_REDIS, TEST_REDIS_URL, redis_answers
from articles.tests.test_settings import run_manage
from articles.tests.test_two_servers import Server, _NoRedirect

from ..varnishd import MISSING, VARNISHD, Varnish, free_port

SLUG = "cobalt-output-doubles"
OTHER_SLUG = "lithium-prices-steady"
SEED = r"""
import datetime
from django.contrib.auth.models import User
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
Comment.objects.create(
    article=article, author_name="New Reader", author_email="new@example.net",
    body="Waiting to be approved.", status="pending",
)
Article.objects.create(
    title="Lithium prices steady", slug="lithium-prices-steady", body="Contracts held.",
    status="published", published_at=timezone.now() - datetime.timedelta(days=2),
)
User.objects.create_superuser("editor", "editor@example.com", "front-cache-pw-123")
"""
EDIT = r"""
from articles.models import Article
article = Article.objects.get(slug="cobalt-output-doubles")
article.title = {title!r}
article.save()
"""
_HIDDEN = re.compile(r'<input type="hidden" name="(csrfmiddlewaretoken|token)" value="([^"]*)"')
# How long the tests wait for something that should take well under a second.
DEADLINE = 30


class Browser:
    """Keeps its cookies, as a browser would, and reports redirects instead of following."""

    def __init__(self):
        self.cookies = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies), _NoRedirect)

    def request(self, url, data=None, headers=None):
        body = urlencode(data).encode() if data is not None else None
        request = Request(url, body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def cookie_names(self):
        return {cookie.name for cookie in self.cookies}


@unittest.skipUnless(VARNISHD, MISSING)
@unittest.skipUnless(redis_answers(), NO_REDIS)
class VarnishInFrontTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        folder = Path(tempfile.mkdtemp())
        cls.addClassCleanup(shutil.rmtree, folder)
        cls.database = folder / "site.sqlite3"
        varnish_port = free_port()
        env = {
            "DATABASE_URL": f"sqlite:///{cls.database}",
            "STATIC_ROOT": str(folder / "static"),
            # The page cache shared by the app server and the process that edits.
            "CACHE_URL": TEST_REDIS_URL,
            "CACHE_KEY_PREFIX": f"test-front-cache-{uuid.uuid4().hex}",
            "PAGE_CACHE_TIMEOUT": "600",
            "GUNICORN_CMD_ARGS": "--threads 4",
            "SECRET_KEY": "front-cache-test-only-" + "k" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "TRUSTED_PROXIES": "127.0.0.1",
            "FRONT_CACHE_URLS": f"http://127.0.0.1:{varnish_port}",
            "FRONT_CACHE_PURGE_TIMEOUT": "1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "COMMENTS_MIN_SUBMIT_SECONDS": "0",
            "COMMENTS_FLOOD_SECONDS": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        for command in [
            ["migrate", "--noinput", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["shell", "-c", SEED],
        ]:
            result = run_manage(*command, env=env)
            if result.returncode:
                raise RuntimeError(result.stderr)
        cls.env = {k: v for k, v in os.environ.items() if k != "DEBUG"} | env
        cls.server = Server(cls.env)
        cls.addClassCleanup(cls.server.stop)
        cls.server.wait_until_up()
        cls.worker = _start_worker(cls.env, folder / "worker.log")
        cls.addClassCleanup(_stop, cls.worker)
        backend_port = int(cls.server.address.rsplit(":", 1)[1])
        cls.varnish = Varnish(backend_port)
        cls.addClassCleanup(cls.varnish.cleanup)
        cls.varnish.start(port=varnish_port)
        cls.front = cls.varnish.url

    def setUp(self):
        # Every write enqueues a purge, the seed's included, and the worker may still be
        # starting when the first test runs: a purge of an earlier write landing after a test
        # cached a page would empty it (a MISS the test's own write did not cause).
        self.wait_until_worker_idle()

    def wait_until_worker_idle(self):
        start = time.monotonic()
        while {"READY", "RUNNING"} & set(self.task_states()):
            self.assertLess(time.monotonic() - start, DEADLINE, self.purges())
            time.sleep(0.05)

    def page(self, browser=None, path=f"/articles/{SLUG}/"):
        status, headers, body = (browser or Browser()).request(self.front + path)
        self.assertEqual(status, 200, body[:2000])
        return headers, body

    def cached_page(self, path=f"/articles/{SLUG}/"):
        """The page, once Varnish has it (a second request is a hit)."""
        self.page(path=path)
        headers, body = self.page(path=path)
        self.assertEqual(headers["X-Cache"], "HIT", self.server.log[-20:])
        return headers, body

    def wait_for(self, text, path=f"/articles/{SLUG}/"):
        """Seconds until an anonymous reader sees ``text`` through Varnish."""
        start = time.monotonic()
        while time.monotonic() - start < DEADLINE:
            _, body = self.page(path=path)
            if text in body:
                return time.monotonic() - start
            time.sleep(0.01)
        self.fail(f"{text!r} not shown after {DEADLINE} s\n{self.task_states()}")

    def pk(self, slug):
        with sqlite3.connect(self.database) as db:
            return db.execute("SELECT id FROM articles_article WHERE slug = ?", [slug]).fetchone()[
                0
            ]

    def task_states(self):
        with sqlite3.connect(self.database) as db:
            return [
                row[0]
                for row in db.execute("SELECT status FROM django_tasks_database_dbtaskresult")
            ]

    def purges(self):
        """Each purge task's state and keys, oldest first (for failure messages)."""
        with sqlite3.connect(self.database) as db:
            rows = db.execute(
                "SELECT status, args_kwargs FROM django_tasks_database_dbtaskresult"
                " ORDER BY enqueued_at"
            )
            return [(status, json.loads(args)["args"][0]) for status, args in rows]

    def backend_keys(self, path):
        """The dependency keys the app gives the page (Varnish keeps them to itself)."""
        headers = {"Surrogate-Capability": "varnish=ESI/1.0"}
        _, response, _ = Browser().request(self.server.address + path, headers=headers)
        return response["xkey"]

    def edit_title(self, title):
        result = run_manage("shell", "-c", EDIT.format(title=title), env=self.env)
        self.assertEqual(result.returncode, 0, result.stderr)

    def staff(self):
        browser = Browser()
        status, _, page = browser.request(self.front + "/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _, _ = browser.request(
            self.front + "/admin/login/?next=/admin/",
            {"csrfmiddlewaretoken": token, "username": "editor", "password": "front-cache-pw-123"},
        )
        self.assertEqual(status, 302)
        return browser

    def test_pages_come_from_varnish_with_each_readers_own_tokens(self):
        """The article page is a Varnish hit; ESI put in real tokens, different for each
        reader; the keys and the shared lifetime stay between Varnish and the app."""
        headers, first = self.cached_page()
        self.assertGreaterEqual(int(headers["Age"]), 0)
        self.assertNotIn("esi:", first)
        self.assertEqual(headers["Cache-Control"], "no-cache")
        for name in ["xkey", "Surrogate-Key", "Surrogate-Control", "Set-Cookie"]:
            self.assertNotIn(name, headers)
        shared = dict(_HIDDEN.findall(first))
        self.assertRegex(shared["csrfmiddlewaretoken"], r"^[a-zA-Z0-9]{64}$")
        self.assertTrue(shared["token"])
        # A reader with a CSRF cookie gets the same cached page with a token of their own.
        member = Browser()
        self.page(member, path="/admin/login/")
        headers, page = self.page(member)
        self.assertEqual(headers["X-Cache"], "HIT")
        own = dict(_HIDDEN.findall(page))["csrfmiddlewaretoken"]
        self.assertNotEqual(own, shared["csrfmiddlewaretoken"])
        cookie = next(c.value for c in member.cookies if c.name == "csrftoken")
        self.assertEqual(_unmask_cipher_token(own), cookie)
        headers, _ = self.cached_page("/")
        self.assertEqual(headers["X-Cache"], "HIT")
        # The fragments are for Varnish alone.
        status, _, _ = Browser().request(self.front + "/_esi/readerfields/1/")
        self.assertEqual(status, 404)

    def test_an_approved_comment_shows_within_a_second(self):
        """Approved through the admin's moderation action: the cached article page shows
        it to an anonymous reader within one second of the approval's answer, and only
        that page is purged: another article's page stays a Varnish hit."""
        _, page = self.cached_page()
        self.assertNotIn("Waiting to be approved.", page)
        staff = self.staff()
        other = f"/articles/{OTHER_SLUG}/"
        self.cached_page(other)
        status, _, changelist = staff.request(self.front + "/admin/articles/comment/")
        self.assertEqual(status, 200)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', changelist).group(1)
        with sqlite3.connect(self.database) as db:
            (pk,) = db.execute(
                "SELECT id FROM articles_comment WHERE body = 'Waiting to be approved.'"
            ).fetchone()
        status, _, _ = staff.request(
            self.front + "/admin/articles/comment/",
            {"csrfmiddlewaretoken": token, "action": "approve", "_selected_action": pk},
        )
        self.assertEqual(status, 302)
        elapsed = self.wait_for("Waiting to be approved.")
        self.assertLess(elapsed, 1.0)
        # The purge has reached Varnish (the page above is fresh); it named this article's
        # keys alone, none of which the other article's page carries, so that page was not
        # touched.
        self.wait_until_worker_idle()
        purged = self.purges()[-1]
        self.assertEqual(purged, ("SUCCESSFUL", [f"article:{self.pk(SLUG)}", "comments:list"]))
        self.assertFalse(set(purged[1]) & set(self.backend_keys(other).split()))
        headers, _ = self.page(path=other)
        self.assertEqual(headers["X-Cache"], "HIT", self.purges())

    def test_an_article_edit_shows_within_a_second(self):
        headers, _ = self.cached_page("/")
        self.cached_page()
        self.edit_title("Cobalt output triples")
        elapsed = max(self.wait_for("Cobalt output triples"), self.wait_for("triples", "/"))
        self.assertLess(elapsed, 1.0)

    def test_a_comment_posts_without_javascript_from_the_cached_page(self):
        """A first-time reader (no cookie) reads the cached page and posts its form, as a
        browser without JavaScript would (with its Origin header); a second post then uses
        the CSRF cookie the first answer set. A post from another site is refused."""
        self.cached_page()
        reader = Browser()
        headers, page = self.page(reader)
        self.assertEqual(headers["X-Cache"], "HIT")
        self.assertEqual(reader.cookie_names(), set())
        fields = dict(_HIDDEN.findall(page))
        comment = {"author_name": "Dana", "author_email": "dana@example.net"}
        action = f"{self.front}/articles/{SLUG}/comment/"
        status, headers, body = reader.request(
            action,
            fields | comment | {"body": "Posted from the cached page."},
            headers={"Origin": self.front},
        )
        self.assertEqual(status, 302)
        self.assertIn("csrftoken", reader.cookie_names())
        # Her pages are her own now (her pending comment shows to her alone).
        headers, page = self.page(reader)
        self.assertNotIn("X-Cache: HIT", str(headers))
        self.assertIn("Posted from the cached page.", page)
        self.assertNotIn("Posted from the cached page.", self.page()[1])
        # Her second comment: Django's own check, with her cookie.
        fields = dict(_HIDDEN.findall(page))
        status, _, _ = reader.request(action, fields | comment | {"body": "And a second thought."})
        self.assertEqual(status, 302)

        # A reader who holds only the CSRF cookie still gets the cached page, with a token
        # that matches that cookie.
        member = Browser()
        self.page(member, path="/admin/login/")
        self.assertEqual(member.cookie_names(), {"csrftoken"})
        headers, page = self.page(member)
        self.assertEqual(headers["X-Cache"], "HIT")
        status, _, _ = member.request(
            action, dict(_HIDDEN.findall(page)) | comment | {"body": "With my cookie."}
        )
        self.assertEqual(status, 302)

        # Another site's page posting the same form in a visitor's browser.
        victim = Browser()
        _, page = self.page(victim)
        status, _, body = victim.request(
            action,
            dict(_HIDDEN.findall(page)) | comment | {"body": "Forged."},
            headers={"Origin": "https://attacker.example"},
        )
        self.assertEqual(status, 403)
        self.assertIn("could not be sent", body)

    def test_a_purge_reaches_varnish_once_it_answers_again(self):
        """Varnish stops answering (its cache kept): the purge fails and is tried again;
        once Varnish answers, the retry purges the stale page."""
        self.cached_page()
        before = self.task_states().count("SUCCESSFUL")
        self.varnish.pause()
        try:
            self.edit_title("Cobalt output steadies")
            start = time.monotonic()
            while "FAILED" not in self.task_states():
                self.assertLess(time.monotonic() - start, DEADLINE, self.task_states())
                time.sleep(0.05)
        finally:
            self.varnish.resume()
        start = time.monotonic()
        while self.task_states().count("SUCCESSFUL") <= before:
            self.assertLess(time.monotonic() - start, DEADLINE, self.task_states())
            time.sleep(0.05)
        _, page = self.page()
        self.assertIn("Cobalt output steadies", page)


def _start_worker(env, log_path):
    import subprocess
    import sys

    from articles.tests.test_settings import ROOT

    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval=0.05"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process):
    import signal

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
