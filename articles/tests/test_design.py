"""The design's promises that need no browser: small CSS, nothing from elsewhere, valid markup."""

import datetime
import gzip
import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.test import SimpleTestCase, TestCase

from .factories import make_article

STATIC = Path(settings.BASE_DIR) / "static"
TEMPLATES = Path(settings.BASE_DIR) / "templates"


class StylesheetTests(SimpleTestCase):
    def test_css_is_under_20_kb_compressed(self):
        """All the site's CSS together is under 20 kB once gzipped."""
        css = b"".join(path.read_bytes() for path in sorted(STATIC.glob("css/*.css")))
        self.assertGreater(len(css), 1000)
        self.assertLess(len(gzip.compress(css, compresslevel=9)), 20 * 1024)

    def test_css_loads_nothing_from_elsewhere(self):
        """No web fonts, @import or remote url() in the stylesheets."""
        for path in STATIC.glob("css/*.css"):
            css = path.read_text()
            with self.subTest(path=path.name):
                self.assertNotRegex(css, r"@import|@font-face")
                self.assertNotRegex(css, r"url\(\s*['\"]?(https?:)?//")

    def test_css_has_dark_mode_and_print_styles(self):
        """The stylesheet answers prefers-color-scheme: dark and has print rules."""
        css = (STATIC / "css" / "site.css").read_text()
        self.assertIn("@media (prefers-color-scheme: dark)", css)
        self.assertIn("@media print", css)


class TemplateAssetTests(SimpleTestCase):
    def test_templates_link_only_to_our_own_static_files(self):
        """Every stylesheet, script and icon in a template comes from {% static %}."""
        assets = [
            re.compile(
                r'<link\b[^>]*\brel="(?:stylesheet|icon|preload|modulepreload|manifest)"'
                r'[^>]*\bhref="([^"]*)"'
            ),
            re.compile(r'<script\b[^>]*\bsrc="([^"]*)"'),
        ]
        found = 0
        for path in TEMPLATES.rglob("*.html"):
            html = path.read_text()
            for url in [url for asset in assets for url in asset.findall(html)]:
                found += 1
                with self.subTest(template=str(path.relative_to(TEMPLATES)), url=url):
                    self.assertTrue(url.startswith("{% static "), url)
        self.assertGreater(found, 2)

    def test_no_inline_script_or_style(self):
        """Scripts live in static/js/ and styles in static/css/: none inline in templates."""
        for path in TEMPLATES.rglob("*.html"):
            html = path.read_text()
            with self.subTest(template=str(path.relative_to(TEMPLATES))):
                self.assertNotRegex(html, r"<script(?![^>]*\bsrc=)[^>]*>")
                self.assertNotRegex(html, r"<style\b|\sstyle=\"|\son[a-z]+=\"")


class MarkupTests(TestCase):
    def test_images_without_alt_text_get_an_empty_one(self):
        """An image saved without alt text is marked decorative; one with alt keeps it."""
        article = make_article(
            body='<img src="/a.png" title="alt=&quot;x&quot;"> <img src="/b.png" alt="A chart">'
        )
        self.assertInHTML('<img alt="" src="/a.png" title="alt=&quot;x&quot;">', article.body_html)
        self.assertInHTML('<img src="/b.png" alt="A chart">', article.body_html)
        self.assertEqual(article.body_html.count('alt="'), 2)

    def test_time_elements_carry_whole_seconds(self):
        """<time datetime> values have no microseconds, which HTML does not allow."""
        moment = datetime.datetime(2019, 3, 4, 5, 6, 7, 891011, tzinfo=datetime.UTC)
        html = Template("{% load time_tags %}{{ moment|datetime_attr }}").render(
            Context({"moment": moment})
        )
        self.assertEqual(html, "2019-03-04T05:06:07+00:00")
        article = make_article(published_at=moment)
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, 'datetime="2019-03-04T05:06:07+00:00"')
        self.assertNotContains(response, ".891011")
