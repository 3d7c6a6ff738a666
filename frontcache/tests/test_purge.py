"""Purges: one background task per committed change, sent to every front cache, retried
with backoff while a cache does not answer, given up after the last delay.

A TransactionTestCase: the writes really commit, as they do on the site, so what is sent
after a commit is what the site sends.
"""

import contextlib
import datetime
import socket

import time_machine
from django.db import transaction
from django.test import TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Comment
from articles.tests.factories import make_article, make_comment
from outbox.tests.worker import run_worker

from ..purge import MAX_HEADER_BYTES, purge, send_purge
from .purgeserver import PurgeServer
from .test_headers import FRONT


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@override_settings(**FRONT, FRONT_CACHE_PURGE_TIMEOUT=2, FRONT_CACHE_RETRY_DELAYS=[1, 5])
class PurgeTests(TransactionTestCase):
    def setUp(self):
        self.article = make_article(title="Tin smelter restarts")
        self.comment = make_comment(self.article, status=Comment.Status.PENDING)
        DBTaskResult.objects.all().delete()

    def test_an_approved_comment_is_purged_at_every_front_cache(self):
        with PurgeServer() as one, PurgeServer() as two:
            with self.settings(FRONT_CACHE_URLS=[one.url, two.url]):
                # Approved as moderation does: only this article's pages and the comment lists.
                self.comment.status = Comment.Status.APPROVED
                self.comment.save()
                run_worker()
            precise = [("127.0.0.1", f"article:{self.article.pk} comments:list")]
            self.assertEqual(one.purges, precise)
            self.assertEqual(two.purges, precise)

    def test_one_purge_per_commit(self):
        """Three approvals in one transaction (nested blocks included), one purge, after
        the commit."""
        others = [make_comment(self.article, status=Comment.Status.PENDING) for _ in "ab"]
        with PurgeServer() as cache:
            with self.settings(FRONT_CACHE_URLS=[cache.url]):
                with transaction.atomic():
                    for comment in [self.comment, *others]:
                        with transaction.atomic():
                            comment.status = Comment.Status.APPROVED
                            comment.save()
                    self.assertFalse(DBTaskResult.objects.exists())
                run_worker()
            self.assertEqual(DBTaskResult.objects.count(), 1)
            self.assertEqual(
                cache.purges, [("127.0.0.1", f"article:{self.article.pk} comments:list")]
            )

    def test_a_rolled_back_write_purges_nothing(self):
        with PurgeServer() as cache, self.settings(FRONT_CACHE_URLS=[cache.url]):
            with contextlib.suppress(RuntimeError), transaction.atomic():
                make_article(title="Never was")
                raise RuntimeError("rolled back")
            run_worker()
            self.assertFalse(DBTaskResult.objects.exists())
            self.assertEqual(cache.purges, [])

    def test_pending_comment_purges_nothing(self):
        """A comment waiting for moderation is on no shared page."""
        with PurgeServer() as cache, self.settings(FRONT_CACHE_URLS=[cache.url]):
            make_comment(self.article, status=Comment.Status.PENDING)
            run_worker()
            self.assertFalse(DBTaskResult.objects.exists())
            self.assertEqual(cache.purges, [])

    def test_a_cache_that_does_not_answer_is_tried_again_with_backoff(self):
        """The cache that answered is not purged twice; the other is retried after each
        delay, then given up on, and every attempt shows in the task results."""
        down = f"http://127.0.0.1:{closed_port()}"
        now = timezone.now()
        with PurgeServer() as up, time_machine.travel(now, tick=False) as clock:
            with self.settings(FRONT_CACHE_URLS=[up.url, down]):
                self.comment.status = Comment.Status.APPROVED
                self.comment.save()
                run_worker()
            keys = [f"article:{self.article.pk}", "comments:list"]
            self.assertEqual(up.purges, [("127.0.0.1", " ".join(keys))])
            waiting = DBTaskResult.objects.exclude(status="FAILED").get()
            self.assertEqual(waiting.args_kwargs["args"], [keys, [down], 2])
            self.assertEqual(waiting.run_after, now + datetime.timedelta(seconds=1))
            run_worker()  # not due yet
            self.assertEqual(DBTaskResult.objects.count(), 2)
            clock.shift(1)
            run_worker()  # second attempt fails: the next after 5 s
            clock.shift(5)
            run_worker()  # third and last
            clock.shift(3600)
            run_worker()
        results = DBTaskResult.objects.order_by("enqueued_at")
        self.assertEqual([r.status for r in results], ["FAILED"] * 3)
        self.assertIn("ConnectionRefusedError", results.last().traceback)
        self.assertEqual(len(up.purges), 1)

    def test_a_cache_that_comes_back_gets_the_purge(self):
        port = closed_port()
        with (
            time_machine.travel(timezone.now(), tick=False) as clock,
            self.settings(FRONT_CACHE_URLS=[f"http://127.0.0.1:{port}"]),
        ):
            self.comment.status = Comment.Status.APPROVED
            self.comment.save()
            run_worker()
            with PurgeServer(port=port) as cache:
                clock.shift(1)
                run_worker()
        self.assertEqual(cache.purges, [("127.0.0.1", f"article:{self.article.pk} comments:list")])
        statuses = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status"))
        self.assertEqual(statuses, [("FAILED",), ("SUCCESSFUL",)])

    def test_many_keys_go_in_several_purges(self):
        keys = [f"article:{n}" for n in range(2000)]
        with PurgeServer() as cache:
            self.assertEqual(send_purge(cache.url, keys), len(cache.purges))
        self.assertGreater(len(cache.purges), 1)
        self.assertTrue(all(len(header) <= MAX_HEADER_BYTES for _, header in cache.purges))
        sent = sorted(key for _, header in cache.purges for key in header.split())
        self.assertEqual(sent, sorted(keys))

    def test_a_refusing_cache_counts_as_failed(self):
        with PurgeServer(status=403) as cache, self.settings(FRONT_CACHE_URLS=[cache.url]):
            purge.enqueue(["article:1"])
            run_worker()
        self.assertEqual(DBTaskResult.objects.filter(status="FAILED").count(), 1)
        self.assertEqual(DBTaskResult.objects.exclude(status="FAILED").count(), 1)
