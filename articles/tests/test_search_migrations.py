"""The search migrations reindex stored articles with their own frozen copy of the code.

Run as migrate runs them, on articles indexed by today's index_articles(): each step must
write what the index held at its time, which for these columns is what it holds today.
"""

import importlib
import types

from django.apps import apps
from django.db import connection
from django.test import TestCase

from articles.models import Article

from .factories import make_article


def run_step(name, function="index_existing_articles"):
    """A migration's RunPython step, as migrate runs it (it needs only the connection)."""
    migration = importlib.import_module(f"articles.migrations.{name}")
    with connection.cursor() as cursor:
        editor = types.SimpleNamespace(connection=connection, execute=cursor.execute)
        getattr(migration, function)(apps, editor)


def stored(*columns):
    """Each article's columns as text, by id (vectors as PostgreSQL prints them)."""
    cast = "::text" if connection.vendor == "postgresql" else ""
    selected = ", ".join(f"{column}{cast}" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {selected} FROM articles_article ORDER BY id")  # nosec B608
        return {row[0]: row[1:] for row in cursor.fetchall()}


def fts5_rows():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, title, tags, standfirst, body FROM articles_article_fts ORDER BY rowid"
        )
        return cursor.fetchall()


class MigrationReindexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # One tag each at most: several tags' names are joined in no promised order.
        cls.tagged = make_article(
            title="Copper prices rise",
            standfirst="Mines in Chile.",
            body="<p>The copper market <b>rallied</b> &amp; held.</p>",
            tags=["Base metals"],
        )
        cls.untagged = make_article(title="Zinc slips", body="Zinc fell; nickel rose.")

    def test_0005_indexes_as_the_index_was_kept(self):
        if connection.vendor == "postgresql":
            expected = stored("search_vector")
            Article.objects.update(search_vector=None)
            run_step("0005_search_index")
            self.assertEqual(stored("search_vector"), expected)
        else:
            expected = fts5_rows()
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM articles_article_fts")
            run_step("0005_search_index")
            self.assertEqual(fts5_rows(), expected)
            self.assertEqual(len(expected), 2)

    def test_0007_adds_the_ranking_vector(self):
        expected = stored("search_vector", "search_head")
        Article.objects.update(search_vector=None, search_head=None)
        run_step("0007_article_search_head")
        # SQLite has no vectors: the step leaves it as it was.
        self.assertEqual(stored("search_vector", "search_head"), expected)

    def test_0008_adds_the_keys_and_the_tag_ids(self):
        columns = ["search_tags"]
        if connection.vendor == "postgresql":
            columns += ["search_vector", "search_head", "search_keys"]
        expected = stored(*columns)
        self.assertEqual(expected[self.tagged.pk][0], str(self.tagged.tags.get().pk))
        self.assertEqual(expected[self.untagged.pk][0], "")
        Article.objects.update(**dict.fromkeys(columns))
        run_step("0008_search_keys_and_tags")
        self.assertEqual(stored(*columns), expected)
