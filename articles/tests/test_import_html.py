import datetime
import os
from unittest import mock, skipUnless

import trafilatura
from django.test import TestCase

from articles.importers.html import html_blocks
from articles.models import Article
from captures.models import Capture

from . import webpages
from .importing import SAMPLES, SAMPLES_ABSENT, import_articles, temporary_folder, write_file

SAMPLE_PAGES = SAMPLES / "html"


def set_mtime(path, moment):
    os.utime(path, (moment.timestamp(), moment.timestamp()))


def body_text(article):
    return " ".join(article.body.split())


class SavedHtmlPageTests(TestCase):
    """A WordPress-like page: its own metadata, its body, and none of its furniture."""

    def setUp(self):
        folder = temporary_folder(self)
        self.path = write_file(folder, "steel.html", webpages.article_page())
        self.result = import_articles(self.path)
        self.article = Article.objects.get()

    def test_title_date_author_tags_and_address_from_the_page(self):
        """og:title, article:published_time, JSON-LD author, article:tag, rel=canonical."""
        self.assertFalse(self.result.failed, self.result.output)
        article = self.article
        self.assertEqual(article.title, webpages.TITLE)
        self.assertEqual(
            article.published_at, datetime.datetime(2020, 4, 5, 9, 30, tzinfo=datetime.UTC)
        )
        self.assertEqual(article.byline, webpages.AUTHOR)
        self.assertEqual(sorted(article.tags.names()), sorted(webpages.TAGS))
        self.assertEqual(article.source_url, webpages.URL)
        self.assertEqual(article.source_name, "Metals Daily")
        self.assertEqual(article.source_format, Article.SourceFormat.HTML)
        self.assertEqual(article.status, Article.Status.PUBLISHED)

    def test_body_is_the_article_paragraphs_exactly(self):
        """Each paragraph of the post, in order, and nothing else."""
        expected = "\n\n".join(f"<p>{p}</p>" for p in webpages.PARAGRAPHS)
        self.assertEqual(self.article.body, expected)

    def test_no_page_furniture(self):
        """Navigation, share buttons, related posts, comments and the form are left out."""
        page = self.client.get(self.article.get_absolute_url()).content.decode()
        article_part = page.split('class="article__body"')[1].split("</div>")[0]
        for furniture in webpages.FURNITURE:
            self.assertNotIn(furniture, self.article.body)
            self.assertNotIn(furniture, article_part)
        self.assertEqual(self.article.comments.count(), 0)

    def test_original_capture_is_kept(self):
        """The page's bytes, compressed, with their SHA-256, content type and capture time."""
        capture = Capture.objects.get(article=self.article)
        raw = self.path.read_bytes()
        self.assertEqual(capture.raw, raw)
        self.assertLess(len(bytes(capture.compressed)), len(raw))
        self.assertEqual(capture.size, len(raw))
        self.assertEqual(capture.content_type, "text/html")
        self.assertEqual(capture.target_uri, webpages.URL)
        self.assertEqual(capture.capture_format, Capture.Format.HTML)
        self.assertEqual(len(capture.sha256), 64)

    def test_same_page_twice_adds_nothing(self):
        """A second import reports it unchanged and keeps one article and one capture."""
        again = import_articles(self.path)
        self.assertFalse(again.failed, again.output)
        self.assertIn(f"{self.path.name} (saved web page): unchanged", again.stdout)
        self.assertEqual(Article.objects.count(), 1)
        self.assertEqual(Capture.objects.count(), 1)


class OneExtractionTests(TestCase):
    def test_a_page_is_parsed_once_and_extracted_once(self):
        """Each page costs one parse and one trafilatura extraction (each held a large tree)."""
        folder = temporary_folder(self)
        path = write_file(folder, "steel.html", webpages.article_page())
        with (
            mock.patch("trafilatura.load_html", wraps=trafilatura.load_html) as parse,
            mock.patch("trafilatura.bare_extraction", wraps=trafilatura.bare_extraction) as run,
            mock.patch("trafilatura.extract", wraps=trafilatura.extract) as extract,
        ):
            result = import_articles(path)
        self.assertIn("created", result.stdout)
        self.assertEqual(run.call_count, 1)
        self.assertEqual(extract.call_count, 0)
        # Our parse only: trafilatura is given that tree (and copies it, not re-reading it).
        self.assertEqual(parse.call_count, 1)


class SameArticleAsTextTests(TestCase):
    """The HTML page and its saved-text form give the same title, date, tags and body."""

    def test_html_and_text_forms_agree(self):
        folder = temporary_folder(self)
        text_result = import_articles(write_file(folder, "steel.txt", webpages.text_page()))
        html_result = import_articles(write_file(folder, "steel.html", webpages.article_page()))
        self.assertFalse(text_result.failed, text_result.output)
        self.assertFalse(html_result.failed, html_result.output)
        from_text = Article.objects.get(source_format=Article.SourceFormat.TEXT)
        from_html = Article.objects.get(source_format=Article.SourceFormat.HTML)
        self.assertEqual(from_html.title, from_text.title)
        self.assertEqual(from_html.published_at.date(), from_text.published_at.date())
        self.assertEqual(sorted(from_html.tags.names()), sorted(from_text.tags.names()))
        self.assertEqual(from_html.body_html, from_text.body_html)


class MetadataPrecedenceTests(TestCase):
    """What the page says about itself wins over guesses from its text."""

    def setUp(self):
        self.folder = temporary_folder(self)

    def import_page(self, **kwargs):
        path = write_file(self.folder, "page.html", webpages.article_page(**kwargs))
        result = import_articles(path)
        self.assertFalse(result.failed, result.output)
        return Article.objects.get()

    def test_og_title_wins_over_the_html_title(self):
        """<title> says something else (and carries the site's name): og:title is used."""
        article = self.import_page(html_title="Steel: a headline written for search engines")
        self.assertEqual(article.title, webpages.TITLE)

    def test_published_time_wins_over_the_visible_date(self):
        """The page shows "5 April 2020"; article:published_time gives the time as well."""
        article = self.import_page(published="2020-04-05T23:15:00+02:00")
        self.assertEqual(
            article.published_at, datetime.datetime(2020, 4, 5, 21, 15, tzinfo=datetime.UTC)
        )

    def test_without_json_ld_the_author_comes_from_the_page(self):
        """No JSON-LD: the author is still found (trafilatura reads the byline)."""
        article = self.import_page(json_ld=False)
        self.assertEqual(article.byline, webpages.AUTHOR)


class EncodingTests(TestCase):
    def test_page_in_latin_1_is_read_by_its_declared_charset(self):
        """An older site's ISO-8859-1 page: its accents come through, not mojibake."""
        page = webpages.article_page(
            title="Stahl für Müller",
            paragraphs=[p + " Grüße aus Köln." for p in webpages.PARAGRAPHS],
        ).decode()
        page = page.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("“", '"')
        page = page.replace("”", '"')
        folder = temporary_folder(self)
        result = import_articles(write_file(folder, "old.html", page.encode("latin-1")))
        self.assertFalse(result.failed, result.output)
        article = Article.objects.get()
        self.assertEqual(article.title, "Stahl für Müller")
        self.assertTrue(article.body.endswith("Grüße aus Köln.</p>"))


class NotAnArticleTests(TestCase):
    """A page that holds no article is skipped and said so, not imported as one."""

    def test_home_page_is_skipped(self):
        folder = temporary_folder(self)
        result = import_articles(write_file(folder, "index.html", webpages.home_page()))
        self.assertFalse(result.failed, result.output)
        self.assertIn("skipped: not an article", result.stdout)
        self.assertIn("1 skipped", result.stdout)
        self.assertFalse(Article.objects.exists())
        self.assertFalse(Capture.objects.exists())

    def test_dry_run_writes_nothing(self):
        folder = temporary_folder(self)
        result = import_articles(
            write_file(folder, "steel.html", webpages.article_page()), dry_run=True
        )
        self.assertFalse(result.failed, result.output)
        self.assertIn("would be created", result.stdout)
        self.assertFalse(Article.objects.exists())
        self.assertFalse(Capture.objects.exists())


class RecaptureTests(TestCase):
    """A newer capture of the same address updates; an older one leaves the article alone."""

    def setUp(self):
        self.folder = temporary_folder(self)
        first = write_file(self.folder, "first/steel.html", webpages.article_page())
        set_mtime(first, webpages.at(5))
        self.assertFalse(import_articles(first).failed)

    def test_newer_capture_updates_and_is_reported(self):
        changed = [*webpages.PARAGRAPHS, "A correction was appended on Monday to this story."]
        newer = write_file(
            self.folder, "second/steel.html", webpages.article_page(paragraphs=changed)
        )
        set_mtime(newer, webpages.at(6))
        result = import_articles(newer)
        self.assertFalse(result.failed, result.output)
        self.assertIn("updated", result.stdout)
        article = Article.objects.get()
        self.assertIn("A correction was appended", article.body)
        self.assertEqual(article.captures.count(), 2)

    def test_same_bytes_with_an_older_date_are_unchanged(self):
        """A copy of the page with an earlier file date is the same capture, not an old one."""
        copy = write_file(self.folder, "copy/steel.html", webpages.article_page())
        set_mtime(copy, webpages.at(1))
        result = import_articles(copy)
        self.assertFalse(result.failed, result.output)
        self.assertIn("unchanged", result.stdout)
        self.assertNotIn("skipped", result.stdout.splitlines()[0])
        self.assertEqual(Capture.objects.count(), 1)

    def test_older_capture_is_skipped(self):
        changed = webpages.PARAGRAPHS[:2]
        older = write_file(self.folder, "old/steel.html", webpages.article_page(paragraphs=changed))
        set_mtime(older, webpages.at(4))
        result = import_articles(older)
        self.assertFalse(result.failed, result.output)
        self.assertIn("before the capture already archived", result.stdout)
        article = Article.objects.get()
        self.assertIn(webpages.PARAGRAPHS[2], article.body)
        self.assertEqual(article.captures.count(), 1)


class HtmlBlocksTests(TestCase):
    """The extracted HTML becomes the body format's blocks, tables included."""

    def test_table_survives_as_one_block(self):
        blocks = html_blocks(
            "<p>Output by mill:</p><table><tr><th>Mill</th><th>Tonnes</th></tr>"
            "<tr><td>North</td><td>1,200</td></tr></table><p>After.</p>"
        )
        self.assertEqual(len(blocks), 3)
        self.assertTrue(blocks[1].startswith("<table>"))
        self.assertIn("<td>1,200</td>", blocks[1])

    def test_line_breaks_inside_a_paragraph_do_not_become_br(self):
        self.assertEqual(html_blocks("<p>one\n  two</p>"), ["<p>one two</p>"])

    def test_loose_text_becomes_a_paragraph_and_h1_an_h2(self):
        self.assertEqual(
            html_blocks("Loose <b>words</b><h1>Heading</h1>"),
            ["<p>Loose</p>", "<p><b>words</b></p>", "<h2>Heading</h2>"],
        )


@skipUnless(SAMPLE_PAGES.is_dir(), SAMPLES_ABSENT)
class RealPagesTests(TestCase):
    """The real pages in ../shared/samples/html/: one article each, no furniture."""

    EXPECTED = {
        "kulu-media.com.meta-outage.html": (
            "Meta Outage Hits Facebook, Instagram and Messenger Worldwide",
            datetime.date(2026, 6, 12),
            "Kulu Media News Desk",
            "A major Meta outage disrupted access to",
            "even a relatively short disruption can have a significant global impact.",
        ),
        "vancouversun.com.microsoft.html": (
            "Microsoft moves to erase its carbon footprint from the atmosphere in climate push",
            datetime.date(2020, 1, 16),
            "Reuters",
            "Microsoft Corp said on Thursday it aims to remove more carbon",
            "<i>© Thomson Reuters 2020</i>",
        ),
        "futurezone.at.lyft.html": (
            "Uber-Konkurrent Lyft startet mit Waymo-Robotertaxis in USA",
            datetime.date(2019, 5, 8),
            "futurezone.at",
            "Einige Kunden des Fahrdienst-Vermittler Lyft",
            "zeitweise rund vier Prozent.",
        ),
    }
    # Furniture seen on these pages (menus, sharing, comment forms, newsletters, related).
    FURNITURE = [
        "Leave a Reply",
        "Share",
        "Newsletter",
        "Related",
        "Cookie",
        "Subscribe",
        "Kommentar",
        "Comments",
        "Sign in",
    ]

    @classmethod
    def setUpTestData(cls):
        cls.result = import_articles(SAMPLE_PAGES)

    def test_each_page_is_one_article(self):
        self.assertFalse(self.result.failed, self.result.output)
        self.assertEqual(Article.objects.count(), 3)
        self.assertEqual(Capture.objects.count(), 3)

    def test_title_date_author_and_body(self):
        for name, (title, day, author, first, last) in self.EXPECTED.items():
            with self.subTest(name):
                article = Article.objects.get(captures__source_file=name)
                self.assertEqual(article.title, title)
                self.assertEqual(article.published_at.date(), day)
                self.assertEqual(article.byline, author)
                text = body_text(article)
                self.assertTrue(text.startswith(f"<p>{first}"), text[:200])
                self.assertTrue(text.endswith(f"{last}</p>"), text[-200:])

    def test_no_furniture(self):
        for article in Article.objects.all():
            for furniture in self.FURNITURE:
                with self.subTest(article=article.title, furniture=furniture):
                    self.assertNotIn(furniture, article.body)
