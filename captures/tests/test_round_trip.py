"""Captures' provenance through export_articles and import_articles: nothing of it lost.

A saved page and a WARC crawl are imported, exported (with and without --captures-dir),
the archive emptied and the file imported back: every article keeps its provenance (where
it was first imported from, in which format, from which file, when) and every capture its
address, time, content type, format, file, record offset, SHA-256 and size; with the
captures folder, its bytes too, checked against the digest.
"""

import datetime
import gzip
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import TestCase
from taggit.models import Tag

from articles.exporters.wxr import capture_file
from articles.models import Article
from articles.tests import webpages
from articles.tests.importing import (
    import_articles,
    run_command,
    temporary_folder,
    write_file,
)
from captures.models import Capture

SECOND_URL = "https://metals.example/2020/04/06/copper-slips/"
PAGE_SAVED_AT = datetime.datetime(2020, 4, 5, 18, 45, 7, tzinfo=datetime.UTC)


def provenance():
    """Each article's fields and provenance, and its captures' every field, by source id."""
    found = {}
    for article in Article.objects.order_by("source_id"):
        found[article.source_id] = {
            "article": (
                article.title,
                article.body_html,
                article.published_at,
                article.source_url,
                article.source_name,
                article.source_format,
                article.source_file,
                article.imported_at,
                sorted(article.tags.names()),
            ),
            "captures": [
                (
                    c.target_uri,
                    c.captured_at,
                    c.content_type,
                    c.capture_format,
                    c.source_file,
                    c.record_offset,
                    c.sha256,
                    c.size,
                )
                for c in article.captures.order_by("captured_at")
            ],
        }
    return found


def raw_bytes():
    return {c.sha256: c.raw for c in Capture.objects.all()}


class CaptureRoundTripTests(TestCase):
    def setUp(self):
        self.folder = Path(temporary_folder(self))
        page = write_file(self.folder, "in/steel.html", webpages.article_page())
        os.utime(page, (PAGE_SAVED_AT.timestamp(), PAGE_SAVED_AT.timestamp()))
        crawl = webpages.warc_bytes(
            [
                (
                    "https://metals.example/",
                    webpages.at(6, 9),
                    200,
                    "text/html",
                    webpages.home_page(),
                    [],
                ),
                (
                    SECOND_URL,
                    webpages.at(6, 10),
                    200,
                    "text/html; charset=utf-8",
                    webpages.article_page(title="Copper slips", url=SECOND_URL, tags=["Copper"]),
                    [],
                ),
            ]
        )
        self.page, self.crawl = page, write_file(self.folder, "in/crawl.warc.gz", crawl)
        result = import_articles(page, self.crawl)
        self.assertFalse(result.failed, result.output)
        self.before = provenance()
        self.bytes_before = raw_bytes()
        self.assertEqual(
            {c.capture_format for c in Capture.objects.all()},
            {Capture.Format.HTML, Capture.Format.WARC},
        )
        self.export = str(self.folder / "archive.xml")
        self.captures_dir = self.folder / "captures"

    def export_and_empty(self, **options):
        result = run_command(
            "export_articles", output=self.export, base_url="https://archive.example", **options
        )
        self.assertFalse(result.failed, result.output)
        Article.objects.all().delete()
        Tag.objects.all().delete()
        self.assertFalse(Capture.objects.exists())
        return result

    def test_with_the_bytes_everything_comes_back(self):
        """Articles' provenance, captures' fields and the very bytes, equal."""
        exported = self.export_and_empty(captures_dir=str(self.captures_dir))
        self.assertIn("2 original captures' provenance, 2 new files", exported.stderr)
        result = import_articles(self.export, captures_dir=self.captures_dir)
        self.assertFalse(result.failed, result.output)
        self.assertIn("captures: 2 restored, 2 with their bytes", result.stdout)
        self.assertEqual(provenance(), self.before)
        self.assertEqual(raw_bytes(), self.bytes_before)
        self.assertEqual(Capture.objects.get(capture_format="html").captured_at, PAGE_SAVED_AT)
        self.assertIsNotNone(Capture.objects.get(capture_format="warc").record_offset)

    def test_readers_and_staff_see_the_capture_as_before(self):
        self.export_and_empty(captures_dir=str(self.captures_dir))
        import_articles(self.export, captures_dir=self.captures_dir)
        article = Article.objects.get(source_url=webpages.URL)
        staff = get_user_model().objects.create_user("ed", password="pw-123456789", is_staff=True)
        self.client.force_login(staff)
        page = self.client.get(article.get_absolute_url())
        self.assertContains(page, "Archived from")
        self.assertContains(page, "View original capture")
        capture = article.captures.get()
        replay = self.client.get(capture.get_absolute_url())
        self.assertEqual(replay.content, self.page.read_bytes())
        self.assertIn("sandbox", replay["Content-Security-Policy"])

    def test_without_the_bytes_the_provenance_comes_back_and_the_bytes_can_follow(self):
        """An export without --captures-dir: the captures come back without bytes (replay
        says so, the page offers none); importing again with the folder adds the bytes."""
        self.export_and_empty()
        result = import_articles(self.export)
        self.assertIn("captures: 2 restored", result.stdout)
        self.assertEqual(provenance(), self.before)
        self.assertEqual(set(raw_bytes().values()), {None})
        article = Article.objects.get(source_url=webpages.URL)
        staff = get_user_model().objects.create_user("ed", password="pw-123456789", is_staff=True)
        self.client.force_login(staff)
        page = self.client.get(article.get_absolute_url())
        self.assertContains(page, "Archived from")
        self.assertNotContains(page, "View original capture")
        replay = self.client.get(article.captures.get().get_absolute_url())
        self.assertEqual(replay.status_code, 404)
        self.assertIn(b"not its bytes", replay.content)

        # The bytes written afterwards, from the original archive's export, come to join them.
        self.captures_dir.mkdir()
        for sha256, raw in self.bytes_before.items():
            target = self.captures_dir / capture_file(sha256)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(gzip.compress(raw))
        again = import_articles(self.export, captures_dir=self.captures_dir)
        self.assertFalse(again.failed, again.output)
        self.assertIn("2 unchanged", again.stdout)
        self.assertIn("captures: 2 bytes added", again.stdout)
        self.assertEqual(raw_bytes(), self.bytes_before)

    def test_the_same_export_twice_adds_nothing(self):
        self.export_and_empty(captures_dir=str(self.captures_dir))
        import_articles(self.export, captures_dir=self.captures_dir)
        again = import_articles(self.export, captures_dir=self.captures_dir)
        self.assertIn("2 unchanged", again.stdout)
        self.assertIn("captures: 2 already kept", again.stdout)
        self.assertEqual(Capture.objects.count(), 2)

    def test_the_original_source_imported_later_finds_the_same_article(self):
        """The article keeps the identity it was first imported under, so the saved page
        and the crawl imported again after the round trip make no second article."""
        self.export_and_empty(captures_dir=str(self.captures_dir))
        import_articles(self.export, captures_dir=self.captures_dir)
        result = import_articles(self.page, self.crawl)
        self.assertFalse(result.failed, result.output)
        self.assertEqual(Article.objects.count(), 2)
        self.assertEqual(Capture.objects.count(), 2)

    def test_bytes_that_do_not_match_their_digest_are_refused(self):
        """A changed, cut or missing file is never taken for the capture: it is kept
        without bytes, and the report names the file and why."""
        self.export_and_empty(captures_dir=str(self.captures_dir))
        files = sorted(self.captures_dir.rglob("*.gz"))
        self.assertEqual(len(files), 2)
        changed, removed = files
        changed.write_bytes(gzip.compress(gzip.decompress(changed.read_bytes()) + b"<!-- -->"))
        removed.unlink()
        result = import_articles(self.export, captures_dir=self.captures_dir)
        self.assertFalse(result.failed, result.output)
        self.assertIn("2 restored, 1 bytes missing, 1 bytes refused", result.stdout)
        self.assertIn(
            f"{changed.name}: its bytes do not match the capture's SHA-256", result.stdout
        )
        self.assertEqual(Capture.objects.filter(compressed__isnull=True).count(), 2)

    def test_bad_capture_provenance_is_refused_and_named(self):
        """A capture meta that is not ours (bad JSON, no digest, a path in the digest)
        is refused and reported; the article imports all the same."""
        self.export_and_empty(captures_dir=str(self.captures_dir))
        text = Path(self.export).read_text()
        sha256 = next(iter(self.bytes_before))
        tampered = text.replace(f'"sha256": "{sha256}"', '"sha256": "../../etc/passwd"', 1)
        self.assertNotEqual(tampered, text)
        Path(self.export).write_text(tampered)
        result = import_articles(self.export, captures_dir=self.captures_dir)
        self.assertFalse(result.failed, result.output)
        self.assertIn("a capture's provenance refused: no SHA-256", result.stdout)
        self.assertEqual(Article.objects.count(), 2)
        self.assertEqual(Capture.objects.count(), 1)


class CaptureMetaLimitTests(TestCase):
    def test_more_captures_than_the_limit_are_cut_and_said(self):
        """An item claiming more captures than any article has keeps the first 100, and the
        report says how many were left out."""
        import json

        from articles.tests.importing import wxr, wxr_item

        metas = "".join(
            "<wp:postmeta><wp:meta_key>_newsarchive_capture</wp:meta_key><wp:meta_value>"
            + json.dumps(
                {
                    "sha256": f"{n:064x}",
                    "size": 10,
                    "capture_format": "html",
                    "captured_at": "2020-04-05T10:00:00+00:00",
                    "target_uri": "https://metals.example/a/",
                }
            )
            + "</wp:meta_value></wp:postmeta>"
            for n in range(101)
        )
        item = wxr_item(5, "Many captures").replace("</item>", metas + "</item>")
        folder = temporary_folder(self)
        result = import_articles(write_file(folder, "many.xml", wxr(item)))
        self.assertFalse(result.failed, result.output)
        self.assertIn("101 captures; the first 100 kept, 1 left out", result.stdout)
        self.assertEqual(Capture.objects.count(), 100)
