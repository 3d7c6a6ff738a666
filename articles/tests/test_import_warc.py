import datetime
from unittest import skipUnless

from django.test import TestCase

from articles.models import Article
from captures.models import Capture

from . import webpages
from .importing import SAMPLES, SAMPLES_ABSENT, import_articles, temporary_folder, write_file
from .webpages import at

SAMPLE_WARCS = SAMPLES / "warc"
HTML = "text/html; charset=utf-8"
SECOND_URL = "https://metals.example/2020/04/06/copper-slips/"
SECOND_TITLE = "Copper slips as warehouses fill"


def crawl():
    """A small crawl: two articles and the pages around them that are not articles."""
    return [
        ("https://metals.example/", at(5, 9), 200, HTML, webpages.home_page(), []),
        (webpages.URL, at(5, 10), 200, HTML, webpages.article_page(), []),
        ("https://metals.example/tag/steel/", at(5, 11), 200, HTML, webpages.tag_page(), []),
        ("https://metals.example/gone/", at(5, 12), 404, HTML, webpages.error_page(), []),
        (
            "https://metals.example/old-steel/",
            at(5, 13),
            301,
            HTML,
            b"",
            [("Location", webpages.URL)],
        ),
        ("https://metals.example/logo.png", at(5, 14), 200, "image/png", b"\x89PNG" * 50, []),
        (
            SECOND_URL,
            at(5, 15),
            200,
            HTML,
            # Sent gzip-compressed, as most servers do: the importer reads it decoded.
            webpages.gzip_body(
                webpages.article_page(title=SECOND_TITLE, url=SECOND_URL, tags=["Copper"])
            ),
            [("Content-Encoding", "gzip")],
        ),
    ]


class WarcImportTests(TestCase):
    """A .warc.gz written with warcio: each article response is one article."""

    def setUp(self):
        self.folder = temporary_folder(self)
        self.path = write_file(self.folder, "crawl.warc.gz", webpages.warc_bytes(crawl()))
        self.result = import_articles(self.path)

    def test_articles_imported_exactly(self):
        self.assertFalse(self.result.failed, self.result.output)
        self.assertEqual(Article.objects.count(), 2)
        steel = Article.objects.get(source_url=webpages.URL)
        self.assertEqual(steel.title, webpages.TITLE)
        self.assertEqual(
            steel.published_at, datetime.datetime(2020, 4, 5, 9, 30, tzinfo=datetime.UTC)
        )
        self.assertEqual(sorted(steel.tags.names()), sorted(webpages.TAGS))
        self.assertEqual(steel.byline, webpages.AUTHOR)
        self.assertEqual(steel.body, "\n\n".join(f"<p>{p}</p>" for p in webpages.PARAGRAPHS))
        self.assertEqual(steel.source_format, Article.SourceFormat.WARC)
        copper = Article.objects.get(source_url=SECOND_URL)
        self.assertEqual(copper.title, SECOND_TITLE)
        self.assertEqual(list(copper.tags.names()), ["Copper"])

    def test_captures_keyed_by_target_uri_and_time(self):
        capture = Capture.objects.get(article__source_url=webpages.URL)
        self.assertEqual(capture.target_uri, webpages.URL)
        self.assertEqual(capture.captured_at, at(5, 10))
        self.assertEqual(capture.capture_format, Capture.Format.WARC)
        self.assertEqual(capture.content_type, HTML)
        self.assertEqual(capture.raw, webpages.article_page())
        self.assertGreater(capture.record_offset, 0)
        # The decoded page is kept, not the gzip bytes on the wire.
        copper = Capture.objects.get(article__source_url=SECOND_URL)
        self.assertTrue(copper.raw.startswith(b"<!DOCTYPE html>"))

    def test_non_articles_skipped_and_counted(self):
        """Home page, tag list, 404, redirect and image: five skipped, each kind named."""
        out = self.result.stdout
        self.assertIn("2 created", out)
        self.assertIn("5 skipped", out)
        for kind in ["2 not articles", "1 error pages", "1 redirects", "1 not HTML"]:
            self.assertIn(kind, out)

    def test_same_warc_twice_adds_nothing(self):
        again = import_articles(self.path)
        self.assertFalse(again.failed, again.output)
        self.assertIn("0 created, 0 updated, 2 unchanged", again.stdout)
        self.assertEqual(Article.objects.count(), 2)
        self.assertEqual(Capture.objects.count(), 2)

    def test_newer_capture_updates_and_is_reported(self):
        changed = [*webpages.PARAGRAPHS, "Output figures were revised on Tuesday by the body."]
        newer = webpages.warc_bytes(
            [(webpages.URL, at(7), 200, HTML, webpages.article_page(paragraphs=changed), [])]
        )
        result = import_articles(write_file(self.folder, "recrawl.warc.gz", newer))
        self.assertFalse(result.failed, result.output)
        self.assertIn("1 updated", result.stdout)
        steel = Article.objects.get(source_url=webpages.URL)
        self.assertIn("revised on Tuesday", steel.body)
        self.assertEqual(
            list(steel.captures.values_list("captured_at", flat=True)), [at(7), at(5, 10)]
        )

    def test_older_capture_leaves_the_article(self):
        older = webpages.warc_bytes(
            [(webpages.URL, at(1), 200, HTML, webpages.article_page(paragraphs=["Old."] * 3), [])]
        )
        result = import_articles(write_file(self.folder, "old.warc.gz", older))
        self.assertFalse(result.failed, result.output)
        self.assertIn("1 older captures", result.stdout)
        self.assertNotIn("Old.", Article.objects.get(source_url=webpages.URL).body)

    def test_dry_run(self):
        Article.objects.all().delete()
        result = import_articles(self.path, dry_run=True)
        self.assertFalse(result.failed, result.output)
        self.assertIn("Dry run", result.stdout)
        self.assertFalse(Article.objects.exists())
        self.assertFalse(Capture.objects.exists())


class RepeatedPageTests(TestCase):
    def test_same_page_twice_in_one_crawl_is_imported_once_and_reported(self):
        later = webpages.article_page(paragraphs=[*webpages.PARAGRAPHS, "An update at noon."])
        data = webpages.warc_bytes(
            [
                (webpages.URL, at(5, 10), 200, HTML, webpages.article_page(), []),
                (webpages.URL, at(5, 12), 200, HTML, later, []),
            ]
        )
        result = import_articles(write_file(temporary_folder(self), "c.warc.gz", data))
        self.assertFalse(result.failed, result.output)
        self.assertIn("1 created", result.stdout)
        self.assertIn("1 repeated captures", result.stdout)
        self.assertIn("captured earlier in this run; skipped", result.stdout)
        self.assertEqual(Article.objects.get().captures.count(), 1)


class LargePageTests(TestCase):
    def test_page_over_the_limit_is_skipped_unread(self):
        """A page over 4 MB is counted, not extracted (its tree would not fit the budget)."""
        folder = temporary_folder(self)
        big = webpages.article_page(paragraphs=["Figures. " * 100] * 5000)
        self.assertGreater(len(big), 4 * 1024 * 1024)
        data = webpages.warc_bytes([(webpages.URL, at(5), 200, HTML, big, [])])
        result = import_articles(write_file(folder, "big.warc.gz", data))
        self.assertFalse(result.failed, result.output)
        self.assertIn("1 pages too large", result.stdout)
        self.assertFalse(Article.objects.exists())


class UncompressedWarcTests(TestCase):
    def test_plain_warc_reads_too(self):
        folder = temporary_folder(self)
        data = webpages.warc_bytes(crawl()[:2], gzipped=False)
        result = import_articles(write_file(folder, "crawl.warc", data))
        self.assertFalse(result.failed, result.output)
        self.assertEqual(Article.objects.get().title, webpages.TITLE)


class DamagedWarcTests(TestCase):
    """A cut-off file is refused with the offset where it breaks, and writes nothing."""

    def check_refused(self, name, data):
        folder = temporary_folder(self)
        result = import_articles(write_file(folder, name, data))
        self.assertTrue(result.failed)
        self.assertEqual(result.error.returncode, 1)
        self.assertIn("at offset", result.stderr)
        self.assertIn("nothing from this file was written", result.stderr)
        self.assertNotIn("Traceback", result.output)
        self.assertFalse(Article.objects.exists())
        self.assertFalse(Capture.objects.exists())
        return result

    def test_truncated_plain_warc(self):
        """Cut inside the last record: its two articles before the cut are not kept either."""
        data = webpages.warc_bytes(crawl(), gzipped=False)
        self.check_refused("cut.warc", data[: len(data) - 300])

    def test_truncated_gzip_warc(self):
        data = webpages.warc_bytes(crawl())
        result = self.check_refused("cut.warc.gz", data[: len(data) - 300])
        self.assertIn("damaged or truncated", result.stderr)


@skipUnless(SAMPLE_WARCS.is_dir(), SAMPLES_ABSENT)
class SampleWarcTests(TestCase):
    """warcio's own test files: no article in them; the truncated one is refused."""

    def test_normal_files_import_no_article_and_count_pages(self):
        result = import_articles(
            SAMPLE_WARCS / "example.warc.gz", SAMPLE_WARCS / "example-wget-bad-target-uri.warc.gz"
        )
        self.assertFalse(result.failed, result.output)
        self.assertFalse(Article.objects.exists())
        self.assertIn("0 created", result.stdout)
        self.assertIn("3 skipped", result.stdout)

    def test_truncated_file_refused_with_offset(self):
        result = import_articles(SAMPLE_WARCS / "example-trunc.warc")
        self.assertTrue(result.failed)
        self.assertIn("example-trunc.warc: FAILED, at offset 1,197", result.stderr)
        self.assertNotIn("Traceback", result.output)
        self.assertFalse(Article.objects.exists())
