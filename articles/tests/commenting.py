"""Helpers for the comment tests: read the form as a browser would, then post it."""

import re

import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox.tests.worker import background_tasks

_HIDDEN = re.compile(r'<input type="hidden" name="(csrfmiddlewaretoken|token|parent)"([^>]*)>')
_VALUE = re.compile(r'value="([^"]*)"')


def valid_comment(**overrides):
    return {
        "body": "The margins look thin to me.",
        "author_name": "Dana",
        "author_email": "dana@example.net",
        "author_url": "https://dana.example.net/",
    } | overrides


class CommentingMixin:
    """Each test starts with an empty cache (flood counters) and a stopped clock.

    Posting reads the page first, as a browser does, for the CSRF token and the signed form
    token, then moves the clock past the minimum time a person takes to write.
    """

    def setUp(self):
        super().setUp()
        cache.clear()
        mail.outbox = []
        self.client = Client(enforce_csrf_checks=True)
        traveller = time_machine.travel(timezone.now(), tick=False)
        self.clock = traveller.start()
        self.addCleanup(traveller.stop)

    def new_client(self):
        return Client(enforce_csrf_checks=True)

    def form_fields(self, page_url, client=None):
        """The hidden fields of the first comment form on a page."""
        response = (client or self.client).get(page_url)
        self.assertEqual(response.status_code, 200)
        fields = {}
        for name, rest in _HIDDEN.findall(response.content.decode()):
            value = _VALUE.search(rest)
            fields.setdefault(name, value.group(1) if value else "")
        return fields

    def post_comment(
        self,
        article,
        client=None,
        wait=5,
        follow=False,
        page_url=None,
        ip="127.0.0.1",
        **fields,
    ):
        client = client or self.client
        data = self.form_fields(page_url or article.get_absolute_url(), client)
        data = {key: value for key, value in data.items() if value} | valid_comment()
        data |= fields
        self.clock.shift(wait)
        # The emails a comment causes are sent by the background worker, run here.
        with background_tasks(self):
            return client.post(
                reverse("articles:comment-create", args=[article.slug]),
                {key: value for key, value in data.items() if value is not None},
                follow=follow,
                REMOTE_ADDR=ip,
            )

    def next_minute(self):
        """Let the flood window pass."""
        self.clock.shift(60)


class StaffClient(Client):
    """A logged-in staff browser with CSRF checks on: every POST carries the page's token."""

    def __init__(self, user):
        super().__init__(enforce_csrf_checks=True)
        self.force_login(user)
        self.get(reverse("admin:index"))

    def post(self, path, data=None, **extra):
        data = dict(data or {}) | {"csrfmiddlewaretoken": self.cookies["csrftoken"].value}
        return super().post(path, data, **extra)
