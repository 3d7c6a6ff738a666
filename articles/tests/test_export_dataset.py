import csv
import datetime
import hashlib
import io
import json
import tempfile
from pathlib import Path
from unittest import mock

import pyarrow.parquet as pq
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from articles.exporters import dataset
from articles.models import Article
from articles.tests.factories import make_article, make_comment
from authors.credits import credit

SITE = "https://archive.example"
IMPORTED = datetime.datetime(2024, 3, 5, 12, 0, tzinfo=datetime.UTC)


def export(*args, **options):
    out = io.StringIO()
    call_command("export_dataset", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


class DatasetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title="Copper climbs",
            body="<p>Copper rose 3%.</p><h2>Outlook</h2><p>Miners   expect more.</p>",
            byline="Ana Lima",
            published_at=datetime.datetime(2018, 6, 28, 9, 30, tzinfo=datetime.UTC),
            source_name="Example Wire",
            source_url="https://wire.example/copper",
            tags=["Metals", "Mining"],
        )
        Article.objects.filter(pk=cls.article.pk).update(
            imported_at=IMPORTED, source_sha256="ab" * 32
        )
        credit(cls.article, ["Ana Lima", "Bo Chen"])
        make_comment(cls.article, author_email="private@example.org", ip_address="203.0.113.7")
        cls.other = make_article(
            title='=HYPERLINK("http://evil.example")',
            published_at=datetime.datetime(2020, 1, 2, tzinfo=datetime.UTC),
            tags=["Banks"],
        )
        make_article(title="A draft", status=Article.Status.DRAFT)
        make_article(title="Scheduled", published_at=timezone.now() + datetime.timedelta(days=2))

    def jsonl(self, *args):
        return [json.loads(line) for line in export("--site-url", SITE, *args).splitlines()]

    def test_jsonl_holds_published_articles_with_their_provenance(self):
        """One record per published article, oldest first; drafts and scheduled ones absent;
        the source, the archived date and both hashes are there."""
        rows = self.jsonl()
        self.assertEqual([row["title"] for row in rows], ["Copper climbs", self.other.title])
        row = rows[0]
        self.assertEqual(row["url"], f"{SITE}/articles/{self.article.slug}/")
        self.assertEqual(row["published_at"], "2018-06-28T09:30:00Z")
        self.assertEqual(row["archived_at"], "2024-03-05T12:00:00Z")
        self.assertEqual(row["source_url"], "https://wire.example/copper")
        self.assertEqual(row["source_sha256"], "ab" * 32)
        self.assertEqual(row["tags"], ["Metals", "Mining"])
        self.assertEqual(row["authors"], ["Ana Lima", "Bo Chen"])
        self.assertEqual(rows[1]["authors"], [])
        self.assertEqual(row["text"], "Copper rose 3%.\n\nOutlook\n\nMiners expect more.")
        self.assertEqual(row["text_sha256"], hashlib.sha256(row["text"].encode()).hexdigest())

    def test_no_comment_or_personal_data_in_any_format(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "out.parquet"
            export("--site-url", SITE, "--format", "parquet", "-o", str(path))
            parquet = path.read_bytes()
        for output in (export("--site-url", SITE), export("--site-url", SITE, "--format", "csv")):
            self.assertNotIn("private@example.org", output)
            self.assertNotIn("203.0.113.7", output)
        self.assertNotIn(b"private@example.org", parquet)
        self.assertNotIn(b"203.0.113.7", parquet)

    def test_csv_has_the_header_joined_tags_and_no_formula(self):
        """Tags joined by '|'; a cell a spreadsheet would run as a formula is kept as text."""
        rows = list(csv.DictReader(io.StringIO(export("--site-url", SITE, "--format", "csv"))))
        self.assertEqual(rows[0]["tags"], "Metals|Mining")
        self.assertEqual(rows[0]["authors"], "Ana Lima|Bo Chen")
        self.assertEqual(rows[1]["title"], "'" + self.other.title)

    def test_parquet_keeps_types_and_rows(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "out.parquet"
            export("--site-url", SITE, "--format", "parquet", "-o", str(path))
            table = pq.read_table(path)
        self.assertEqual(table.num_rows, 2)
        self.assertEqual(str(table.schema.field("published_at").type), "timestamp[us, tz=UTC]")
        self.assertEqual(table.column("tags").to_pylist()[0], ["Metals", "Mining"])
        self.assertEqual(table.column("authors").to_pylist()[0], ["Ana Lima", "Bo Chen"])
        self.assertEqual(table.column("id").to_pylist(), [self.article.pk, self.other.pk])

    def test_parquet_row_groups_gather_chunks_up_to_their_size(self):
        """A row group is written each ROW_GROUP_BYTES of rows, not each chunk read: the
        writer keeps memory per row group until the file closes. All rows, in order."""
        for n in range(3):
            make_article(
                title=f"More {n}",
                published_at=datetime.datetime(2021, 1, 1 + n, tzinfo=datetime.UTC),
            )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "out.parquet"
            with mock.patch.object(dataset, "CHUNK", 1):
                export("--site-url", SITE, "--format", "parquet", "-o", str(path))
                gathered = pq.ParquetFile(path).metadata.num_row_groups
                with mock.patch.object(dataset, "ROW_GROUP_BYTES", 1):
                    export("--site-url", SITE, "--format", "parquet", "-o", str(path))
                    one_each = pq.ParquetFile(path)
                    ids = one_each.read().column("id").to_pylist()
        self.assertEqual(gathered, 1)
        self.assertEqual(one_each.metadata.num_row_groups, 5)
        published = Article.objects.published().order_by("published_at", "id")
        self.assertEqual(ids, list(published.values_list("pk", flat=True)))

    def test_filters_by_dates_tag_and_search(self):
        self.assertEqual([r["id"] for r in self.jsonl("--since", "2019-01-01")], [self.other.pk])
        self.assertEqual([r["id"] for r in self.jsonl("--until", "2018-06-28")], [self.article.pk])
        self.assertEqual([r["id"] for r in self.jsonl("--tag", "mining")], [self.article.pk])
        self.assertEqual([r["id"] for r in self.jsonl("--query", "copper")], [self.article.pk])
        self.assertEqual(self.jsonl("--tag", "no-such-tag"), [])

    def test_queries_do_not_grow_with_rows_in_a_chunk(self):
        """Three queries per chunk (articles, their tags, their authors), whether it holds 2
        rows or 12."""
        with self.assertNumQueries(3):
            export("--site-url", SITE)
        for n in range(10):
            credit(make_article(title=f"More {n}", tags=["Banks"]), ["A", "B"])
        with self.assertNumQueries(3):
            export("--site-url", SITE)

    def test_bad_requests_get_a_clear_message(self):
        cases = [
            (("--site-url", SITE, "--format", "parquet"), "give a file with -o"),
            (("--site-url", "ftp://x"), "must be an http(s) address"),
            (("--site-url", SITE, "-o", "/nonexistent-folder/x.jsonl"), "Cannot write"),
        ]
        for args, message in cases:
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, message):
                export(*args)
        with self.assertRaisesMessage(CommandError, "invalid day value"):
            export("--site-url", SITE, "--since", "2018-13-01")

    @override_settings(ALLOWED_HOSTS=[])
    def test_without_a_host_the_site_url_is_required(self):
        with self.assertRaisesMessage(CommandError, "give --site-url"):
            export()
