"""Tables and other harmless semantic markup: kept from import to page, feed and export."""

import datetime
import re
import xml.etree.ElementTree as ET
from unittest import skipUnless

from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from articles.html import render_body, sanitize
from articles.models import Article

from .importing import (
    SAMPLE_WXR,
    SAMPLES_ABSENT,
    import_articles,
    run_command,
    temporary_folder,
    write_file,
    wxr,
    wxr_item,
)

# A results table as WordPress stores it: blank lines inside, header cells with scope,
# a cell spanning two columns, a caption and a footer.
RESULTS = """<table class="wp-block-table">
<caption>Quarterly results (€m)</caption>

<thead><tr><th scope="col">Quarter</th><th scope="col">Revenue</th>
<th scope="col">Profit</th></tr></thead>

<tbody>
<tr><th scope="row">Q1</th><td>120</td><td>14</td></tr>

<tr><th scope="row">Q2</th><td colspan="2">not reported</td></tr>
<tr><th scope="row" rowspan="2">H2</th><td>260</td><td>31</td></tr>
</tbody>
<tfoot><tr><td>Total</td><td>380</td><td>45</td></tr></tfoot>
</table>"""

SMALL = "<table><tr><td>Copper</td><td>8,100</td></tr></table>"

SEMANTIC = (
    "<dl><dt>EBITDA</dt><dd>Earnings before interest.</dd></dl>\n\n"
    "<p>Sales rose <mark>12%</mark>; CO<sub>2</sub> fell; 10<sup>6</sup> tonnes, "
    '<abbr title="year on year">yoy</abbr>.</p>\n\n'
    "<figure><img src='https://example.com/chart.png' alt='Chart'>"
    "<figcaption>Output by quarter</figcaption></figure>\n\n"
    "<details><summary>Method</summary><p>Audited figures.</p></details>"
)


def tables(html):
    return len(re.findall(r"<table\b", html))


def body_tables(page):
    """Tables of the article's body on a page: the sanitiser writes them bare, so the
    page's own tables (the key-figures box has a class) are not counted."""
    return page.count("<table>")


class SanitiserTests(TestCase):
    def test_table_elements_and_their_attributes_are_kept(self):
        clean = sanitize(RESULTS)
        for kept in [
            "<caption>",
            "<thead>",
            "<tbody>",
            "<tfoot>",
            '<th scope="col">',
            '<th scope="row" rowspan="2">',
            '<td colspan="2">',
        ]:
            self.assertIn(kept, clean)
        self.assertNotIn("class=", clean)

    def test_other_semantic_elements_are_kept(self):
        clean = sanitize(SEMANTIC)
        for kept in [
            "<dl>",
            "<dt>",
            "<dd>",
            "<mark>",
            "<sub>",
            "<sup>",
            '<abbr title="year on year">',
            "<figure>",
            "<figcaption>",
            "<details>",
            "<summary>",
        ]:
            self.assertIn(kept, clean)

    def test_unsafe_attributes_on_table_cells_go(self):
        clean = sanitize(
            '<table><tr><td onclick="x()" style="color:red" colspan="2">1</td></tr></table>'
        )
        self.assertIn('<td colspan="2">1</td>', clean)
        self.assertNotIn("onclick", clean)
        self.assertNotIn("style", clean)

    def test_a_table_is_not_broken_into_paragraphs(self):
        """Blank lines inside a table do not make paragraphs or <br> between its rows."""
        html = render_body("Before the table.\n\n" + RESULTS + "\n\nAfter the table.")
        self.assertEqual(tables(html), 1)
        self.assertNotIn("<br>", html)
        self.assertNotIn("<p><tr>", html)
        self.assertIn("<p>Before the table.</p>", html)
        self.assertIn("<p>After the table.</p>", html)
        self.assertIn('<tr><th scope="row">Q1</th><td>120</td><td>14</td></tr>', html)

    def test_a_table_straight_after_text_is_its_own_block(self):
        html = render_body("Figures below:\n" + SMALL + "\nAs shown.")
        self.assertEqual(tables(html), 1)
        self.assertIn("<p>Figures below:</p>", html)
        self.assertIn("<p>As shown.</p>", html)
        self.assertNotIn("<p><table", html)

    def test_audio_and_video_become_links_to_their_source(self):
        html = sanitize(
            '<video controls src="https://cdn.example.com/briefing.mp4"></video>\n'
            '<audio controls><source src="https://cdn.example.com/call.mp3" type="audio/mpeg">'
            "</audio>"
        )
        self.assertIn('href="https://cdn.example.com/briefing.mp4"', html)
        self.assertIn('href="https://cdn.example.com/call.mp3"', html)
        self.assertNotIn("<video", html)
        self.assertNotIn("<audio", html)

    def test_media_with_an_unsafe_source_leaves_no_link(self):
        html = sanitize('<video src="javascript:alert(1)"></video>')
        self.assertNotIn("javascript", html)


class TablesThroughTheArchiveTests(TestCase):
    """A WordPress export with N tables: N on the pages, N in the feed, N in the export."""

    @classmethod
    def setUpTestData(cls):
        items = [
            wxr_item(1, "Results", "2020-01-02 09:00:00", "Intro.\n\n" + RESULTS),
            wxr_item(2, "Prices", "2020-01-03 09:00:00", SMALL + "\n\n" + SMALL),
            wxr_item(3, "Glossary", "2020-01-04 09:00:00", SEMANTIC),
            wxr_item(4, "Mixed", "2020-01-05 09:00:00", f"<p>One:</p>{SMALL}<p>Two:</p>{RESULTS}"),
        ]
        cls.source = wxr(*items)
        cls.expected = tables(cls.source)

    def setUp(self):
        folder = temporary_folder(self)
        self.path = write_file(folder, "tables.xml", self.source)
        self.out = f"{folder}/export.xml"
        result = import_articles(self.path)
        self.assertFalse(result.failed, result.output)

    def test_every_table_is_on_the_pages(self):
        self.assertEqual(self.expected, 5)
        shown = 0
        for article in Article.objects.all():
            response = self.client.get(article.get_absolute_url())
            self.assertEqual(response.status_code, 200)
            shown += body_tables(response.content.decode())
        self.assertEqual(shown, self.expected)

    def test_every_table_is_in_the_feeds(self):
        for name in ["articles:feed-rss", "articles:feed-atom"]:
            with self.subTest(feed=name):
                feed = self.client.get(reverse(name)).content.decode()
                self.assertEqual(len(re.findall(r"&lt;table\b", feed)), self.expected)

    def test_every_table_is_in_the_export_and_comes_back(self):
        run_command("export_articles", output=self.out, base_url="https://archive.example.com")
        with open(self.out, encoding="utf-8") as f:
            exported = f.read()
        self.assertEqual(tables(exported), self.expected)
        before = {a.title: a.body_html for a in Article.objects.all()}
        Article.objects.all().delete()
        result = import_articles(self.out)
        self.assertFalse(result.failed, result.output)
        self.assertEqual({a.title: a.body_html for a in Article.objects.all()}, before)
        self.assertEqual(sum(tables(html) for html in before.values()), self.expected)

    def test_the_glossary_keeps_its_semantics_on_the_page(self):
        article = Article.objects.get(title="Glossary")
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "<dt>EBITDA</dt>", html=True)
        self.assertContains(response, "<mark>12%</mark>", html=True)
        self.assertContains(response, "<summary>Method</summary>", html=True)
        self.assertEqual(article.published_at.date(), datetime.date(2020, 1, 4))


class MediaShortcodeTests(TestCase):
    def assert_link(self, response, url, text):
        self.assertContains(
            response, f'<a href="{url}" rel="noopener noreferrer">{text}</a>', html=True
        )

    def test_media_shortcodes_become_links(self):
        """[video mp4=...] and [audio mp3=...] in a WordPress post: a link each, not nothing."""
        body = (
            '<p>Watch:</p>[video width="640" mp4="https://cdn.example.com/ceo.mp4"][/video]\n\n'
            '[audio mp3="https://cdn.example.com/call.mp3"][/audio]'
        )
        folder = temporary_folder(self)
        import_articles(write_file(folder, "media.xml", wxr(wxr_item(1, "Media", body=body))))
        response = self.client.get(Article.objects.get().get_absolute_url())
        self.assert_link(response, "https://cdn.example.com/ceo.mp4", "Video: ceo.mp4")
        self.assert_link(response, "https://cdn.example.com/call.mp3", "Audio: call.mp3")


class PhoneLayoutTests(TestCase):
    def test_a_table_scrolls_in_its_own_box(self):
        """Each table sits in a focusable box that scrolls sideways, not the whole page."""
        html = render_body(RESULTS + "\n\n" + SMALL)
        self.assertEqual(html.count('<div class="table-scroll"'), 2)
        self.assertRegex(html, r'<div class="table-scroll"[^>]*tabindex="0"[^>]*>\s*<table>')
        self.assertRegex(html, r"</table>\s*</div>")
        css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
        self.assertRegex(css, r"\.table-scroll \{[^}]*overflow-x: auto")

    def test_a_nested_table_gets_no_box_of_its_own(self):
        html = render_body("<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table>")
        self.assertEqual(html.count("table-scroll"), 1)
        self.assertEqual(html.count("<table>"), 2)

    def test_the_box_cannot_be_written_by_an_author(self):
        """The box is added after sanitising; an author's own div and attributes still go."""
        html = render_body('<div class="table-scroll" onclick="x()">Text</div>')
        self.assertNotIn("table-scroll", html)
        self.assertNotIn("onclick", html)


class NestingTests(TestCase):
    def test_a_table_in_a_figure_keeps_its_caption_inside(self):
        """WordPress's table block: a figure holding the table and a figcaption."""
        html = render_body(
            '<figure class="wp-block-table"><table><tbody><tr><td>1</td></tr></tbody></table>'
            "<figcaption>Table caption</figcaption></figure>"
        )
        self.assertNotIn("<p>", html)
        self.assertRegex(html, r"^<figure><div class=\"table-scroll\"[^>]*><table>")
        self.assertIn("</table></div><figcaption>Table caption</figcaption></figure>", html)

    def test_a_table_in_a_list_item_stays_in_it(self):
        html = render_body("<ul>\n<li>Prices: <table><tr><td>1</td></tr></table></li>\n</ul>")
        self.assertNotIn("<p>", html)
        self.assertRegex(html, r"<li>Prices: <div class=\"table-scroll\"[^>]*><table>")


@skipUnless(SAMPLE_WXR.exists(), SAMPLES_ABSENT)
class SampleExportTablesTests(TestCase):
    """WordPress's Theme Unit Test export: every table of its posts, on the page and out."""

    @classmethod
    def setUpTestData(cls):
        cls.result = import_articles(SAMPLE_WXR)
        site = "https://wpthemetestdata.wordpress.com"
        ns = {"wp": "https://wordpress.org/export/1.2/"}
        content = "{http://purl.org/rss/1.0/modules/content/}encoded"
        cls.expected = {}  # source id -> tables in the post's content
        for item in ET.parse(SAMPLE_WXR).iter("item"):
            if item.findtext("wp:post_type", namespaces=ns) != "post":
                continue
            post_id = item.findtext("wp:post_id", namespaces=ns)
            cls.expected[f"{site}?p={post_id}"] = tables(item.findtext(content) or "")

    def test_every_table_is_kept_on_the_pages_and_in_the_export(self):
        self.assertFalse(self.result.failed, self.result.output)
        total = sum(self.expected.values())
        self.assertGreater(total, 0)
        stored = {a.source_id: a for a in Article.objects.filter(source_id__in=self.expected)}
        for source_id, count in self.expected.items():
            if source_id not in stored:  # a binned post: not imported
                continue
            with self.subTest(source_id=source_id):
                article = stored[source_id]
                self.assertEqual(tables(article.body_html), count)
                if count and article.is_public:
                    page = self.client.get(article.get_absolute_url()).content.decode()
                    self.assertEqual(body_tables(page), count)
        imported = sum(self.expected[source_id] for source_id in stored)
        path = temporary_folder(self) + "/export.xml"
        run_command("export_articles", output=path, base_url="https://archive.example.com")
        with open(path, encoding="utf-8") as f:
            self.assertEqual(tables(f.read()), imported)
