"""make backup / make restore: a backup restored into an empty database holds the same content."""

import io
import shutil
import sqlite3
import tempfile
from pathlib import Path
from unittest import mock, skipUnless

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase

from articles.models import Article, Comment

from .factories import make_article, make_comment

CONTENT_QUERIES = {
    "articles": "SELECT title FROM articles_article ORDER BY title",
    "tags": "SELECT name FROM taggit_tag ORDER BY name",
    "tagged": (
        "SELECT a.title, t.name FROM articles_taggedarticle x "
        "JOIN articles_article a ON a.id = x.content_object_id "
        "JOIN taggit_tag t ON t.id = x.tag_id ORDER BY 1, 2"
    ),
    "comments": "SELECT author_name, body, status FROM articles_comment ORDER BY author_name",
}


def content(cursor):
    found = {}
    for name, sql in CONTENT_QUERIES.items():
        cursor.execute(sql)
        found[name] = [tuple(row) for row in cursor.fetchall()]
    return found


class BackupTestMixin:
    def make_content(self):
        oil = make_article(title="Oil price climbs", tags=["Energy", "Markets"])
        bank = make_article(title="Bank profits fall", tags=["Banking"])
        draft = make_article(title="Unfinished draft", status=Article.Status.DRAFT)
        make_comment(oil, author_name="Ana", body="Expected 🛢️")
        make_comment(bank, author_name="Ben", body="<b>escaped</b>", status="pending")
        make_comment(draft, author_name="Cy", body="Early")

    def live_content(self):
        with connection.cursor() as cursor:
            return content(cursor)

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)
        self.make_content()
        self.expected = self.live_content()
        self.assertEqual(len(self.expected["articles"]), 3)
        self.assertEqual(len(self.expected["comments"]), 3)

    def backup(self):
        out = io.StringIO()
        path = self.tmp / f"backup{self.suffix}"
        call_command("backup_database", "--output", str(path), stdout=out)
        self.assertIn(f"Backup written to {path}", out.getvalue())
        self.assertGreater(path.stat().st_size, 0)
        return path

    def test_restore_into_the_live_database_after_a_loss(self):
        """Back up, lose articles and comments, restore: everything is back."""
        path = self.backup()
        Comment.objects.all().delete()
        Article.objects.filter(title__startswith="Oil").delete()
        make_article(title="Written after the backup")
        call_command("restore_database", str(path), "--noinput", stdout=io.StringIO())
        self.assertEqual(self.live_content(), self.expected)

    def test_restore_asks_before_replacing_anything(self):
        path = self.backup()
        Comment.objects.all().delete()
        with mock.patch("builtins.input", return_value="no"), self.assertRaises(CommandError):
            call_command("restore_database", str(path), stdout=io.StringIO())
        self.assertFalse(Comment.objects.exists())

    def test_missing_backup_file_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "No backup file at"):
            call_command(
                "restore_database", str(self.tmp / "nope"), "--noinput", stdout=io.StringIO()
            )


@skipUnless(connection.vendor == "sqlite", "SQLite backups: run on SQLite (make test)")
class SqliteBackupTests(BackupTestMixin, TransactionTestCase):
    suffix = ".sqlite3"

    def test_backup_restores_into_an_empty_database(self):
        """The online backup API copy, restored into a new empty file, has the same content."""
        path = self.backup()
        empty = self.tmp / "empty.sqlite3"
        sqlite3.connect(empty).close()
        call_command(
            "restore_database",
            str(path),
            "--database-url",
            f"sqlite:///{empty}",
            "--noinput",
            stdout=io.StringIO(),
        )
        with sqlite3.connect(empty) as restored:
            self.assertEqual(content(restored.cursor()), self.expected)

    def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(self):
        junk = self.tmp / "junk.sqlite3"
        junk.write_bytes(b"not a database" * 100)
        with self.assertRaisesMessage(CommandError, "is not a readable SQLite backup"):
            call_command("restore_database", str(junk), "--noinput", stdout=io.StringIO())
        self.assertEqual(self.live_content(), self.expected)


@skipUnless(
    connection.vendor == "postgresql", "PostgreSQL backups: run on PostgreSQL (make test-pg)"
)
@skipUnless(
    shutil.which("pg_dump") and shutil.which("pg_restore"),
    "PostgreSQL backups need pg_dump and pg_restore (apt-get install postgresql-client)",
)
class PostgresBackupTests(BackupTestMixin, TransactionTestCase):
    suffix = ".dump"

    def maintenance(self, sql):
        """CREATE/DROP DATABASE on a connection of its own, without a statement timeout:
        on a busy server copying a template can take longer than any page should."""
        import psycopg2

        settings_dict = connection.settings_dict
        admin = psycopg2.connect(
            dbname="postgres",
            user=settings_dict["USER"],
            password=settings_dict["PASSWORD"],
            host=settings_dict["HOST"],
            port=settings_dict["PORT"],
            options="-c statement_timeout=0",
        )
        admin.autocommit = True
        try:
            admin.cursor().execute(sql)
        finally:
            admin.close()

    def empty_database(self):
        """A new, empty database beside the test one, dropped afterwards."""
        # Named after the test database (test_<name>), so nothing outside the test run is
        # ever dropped.
        name = f"{connection.settings_dict['NAME']}_restore"
        self.maintenance(f'DROP DATABASE IF EXISTS "{name}"')
        self.maintenance(f'CREATE DATABASE "{name}" TEMPLATE template0')
        self.addCleanup(self.maintenance, f'DROP DATABASE IF EXISTS "{name}"')
        return connection.settings_dict | {"NAME": name}

    def test_backup_restores_into_an_empty_database(self):
        """pg_dump, then pg_restore into a new empty database: the same content."""
        import psycopg2

        path = self.backup()
        target = self.empty_database()
        url = (
            f"postgres://{target['USER']}:{target['PASSWORD'] or ''}@{target['HOST']}:"
            f"{target['PORT'] or 5432}/{target['NAME']}"
        )
        call_command(
            "restore_database", str(path), "--database-url", url, "--noinput", stdout=io.StringIO()
        )
        restored = psycopg2.connect(
            dbname=target["NAME"],
            user=target["USER"],
            password=target["PASSWORD"],
            host=target["HOST"],
            port=target["PORT"],
        )
        try:
            self.assertEqual(content(restored.cursor()), self.expected)
        finally:
            restored.close()
