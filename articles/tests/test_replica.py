"""DATABASE_REPLICA_URL: reads go to the replica; writes and the reads after them to the primary.

The test builds a primary and a "replica" that is a snapshot of it, then adds an article
to the primary only. Which database a page was read from shows in whether the article is
found. It runs in a separate process, since the databases are fixed at start-up.
"""

import shutil
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from .test_settings import run_manage

SCENARIO = r"""
import datetime
from django.test import Client
from django.utils import timezone
from articles.models import Article
from newsarchive.db_router import PIN_COOKIE

article = Article.objects.create(
    title="Only on the primary", body="Replication has not caught up yet.",
    status="published", published_at=timezone.now() - datetime.timedelta(hours=1),
)
url = article.get_absolute_url()
reader, writer = Client(), Client()
print("replica read", reader.get(url).status_code)
posted = writer.post(article.get_absolute_url() + "comment/", {})
print("write found the article", posted.status_code != 404, PIN_COOKIE in posted.cookies)
print("read after write", writer.get(url).status_code)
print("other reader", reader.get(url).status_code)
print("health", Client().get("/healthz").json()["databases"])

# The background worker reads its queue and the outbox from the primary, unpinned.
from django.core.mail import EmailMessage
from django_tasks_db.models import DBTaskResult
from newsarchive.db_router import _pinned
from outbox.mail import send_later
from outbox.models import OutgoingEmail
send_later("replica:1", EmailMessage("S", "B", "a@example.com", ["b@example.com"]))
_pinned.set(False)
print("queue read from the primary", OutgoingEmail.objects.exists(), DBTaskResult.objects.exists())
"""


class ReadReplicaTests(SimpleTestCase):
    def test_reads_from_replica_and_reads_after_write_from_primary(self):
        """A page reads the replica; a POST and its reader's next pages read the primary."""
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        primary, replica = folder / "primary.sqlite3", folder / "replica.sqlite3"
        env = {
            "DEBUG": "1",
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"sqlite:///{primary}",
            # The page cache renders shared pages from the primary; this is about the router.
            "PAGE_CACHE_TIMEOUT": "0",
        }
        result = run_manage("migrate", "--noinput", "-v0", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        shutil.copy(primary, replica)

        env["DATABASE_REPLICA_URL"] = f"sqlite:///{replica}"
        result = run_manage("shell", "-c", SCENARIO, env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertIn("replica read 404", lines)
        # The (empty, so refused) POST found the article: it read the primary, and pinned
        # its reader.
        self.assertIn("write found the article True True", lines)
        self.assertIn("read after write 200", lines)
        self.assertIn("other reader 404", lines)
        self.assertIn("health {'default': 'ok', 'replica': 'ok'}", lines)
        self.assertIn("queue read from the primary True True", lines)

    def test_migrate_leaves_the_replica_alone(self):
        """`migrate` (the release step) runs on the primary; the replica gets it by replication."""
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        env = {
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{folder / 'primary.sqlite3'}",
            "DATABASE_REPLICA_URL": f"sqlite:///{folder / 'replica.sqlite3'}",
        }
        result = run_manage("migrate", "--noinput", "--database", "replica", "-v0", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        result = run_manage(
            "shell",
            "-c",
            "from django.db import connections; "
            "print(connections['replica'].introspection.table_names())",
            env=env,
        )
        self.assertNotIn("articles_article", result.stdout)
