"""The rich-text body editor: its markup, its CSP nonce, the same page after editing."""

import re

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from articles.html import reading_minutes, render_body, sanitize, word_count
from articles.models import Article

from .factories import make_article
from .importing import FIXTURES, import_articles
from .test_revisions import form_data

PASSWORD = "a-long-test-password"

EXISTING_BODIES = [
    "Plain paragraph one.\n\nPlain paragraph two.",
    "A paragraph with a single\nline break.\n\n<h2>A heading</h2>\n\nMore text.",
    "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n\nAfter the list.",
    "<blockquote>Quoted words.</blockquote>\n\n<p>An HTML paragraph.</p>",
    'Text with <a href="https://example.com/">a link</a> and <em>emphasis</em>.',
    '<img src="https://example.com/a.png">\n\nA caption-less image first.',
    "<table><tr><th>Year</th><th>Revenue</th></tr><tr><td>2024</td><td>£1.2bn</td></tr></table>",
]


class EditorFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("ed", "ed@example.com", PASSWORD)

    def setUp(self):
        self.client.force_login(self.admin)

    def test_body_is_a_textarea_enhanced_by_the_editor(self):
        """Without JavaScript the textarea remains; the editor's config names its tools."""
        response = self.client.get(reverse("admin:articles_article_add"))
        body = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", response.content.decode())
        self.assertIsNotNone(body)
        config = body.group(0)
        for extension in ["Heading", "Bold", "Italic", "Link", "BulletList", "OrderedList"]:
            self.assertIn(extension, config)
        self.assertIn("Blockquote", config)
        self.assertIn("Table", config)
        self.assertContains(response, "django_prose_editor/configurable.js")

    def body_widget(self, article):
        """The body's <textarea> in the article's change form, and the form's page."""
        response = self.client.get(reverse("admin:articles_article_change", args=[article.pk]))
        html = response.content.decode()
        return re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html).group(0), html

    def test_a_body_the_editor_would_damage_is_edited_as_html(self):
        """The editor drops what it has no tool for once the text is edited (a picture, a
        figure, a table's caption or head row, a rule...): such a body is an HTML box."""
        damaged = [
            '<p>Text.</p><img src="https://example.com/a.jpg" alt="Not from the library">',
            "<figure><blockquote>Quoted.</blockquote><figcaption>Who said it.</figcaption>"
            "</figure>",
            "<table><caption>Output</caption><tr><td>2020</td></tr></table>",
            "<table><thead><tr><th>Year</th></tr></thead><tbody><tr><td>2020</td></tr></tbody>"
            "</table>",
            '<table><tr><th scope="col">Year</th></tr></table>',
            "<p>One.</p><hr><p>Two.</p>",
            "<p>H<sub>2</sub>O and <s>old</s> <code>x</code></p>",
            "<pre>  indented</pre>",
            "<h5>A small heading</h5>",
            '<blockquote cite="https://example.com/">Quoted.</blockquote>',
        ]
        for body in damaged:
            with self.subTest(body=body):
                widget, html = self.body_widget(make_article(body=body))
                self.assertNotIn("prose-editor", widget)
                self.assertIn("edited here as HTML, so that nothing of it is lost", html)

    def test_a_body_the_editor_keeps_whole_gets_the_editor(self):
        kept = [
            "Plain paragraph one.\n\nPlain paragraph two.",
            "A line\nbreak.\n\n<h2>Heading</h2><h3>Smaller</h3><h4>Smallest</h4>",
            '<p><b>Bold</b>, <strong>strong</strong>, <i>it</i>, <em>em</em>, <a href="https://'
            'example.com/" title="Filing">a link</a>.</p><blockquote><p>Quoted.</p></blockquote>',
            '<ul><li>one</li></ul><ol start="3"><li><p>three</p></li></ol>',
            '<table><tbody><tr><th colspan="2"><p>Year</p></th></tr><tr><td rowspan="2">2024'
            "</td><td>£1.2bn</td></tr></tbody></table>",
            # A library picture: the editor's LibraryImage node keeps the reference.
            '<p>Text.</p><p><img data-image="7" src="/media/a.jpg" alt=""></p>',
        ]
        for body in kept:
            with self.subTest(body=body):
                widget, html = self.body_widget(make_article(body=body))
                self.assertIn("prose-editor", widget)
                self.assertNotIn("edited here as HTML", html)

    def test_import_map_carries_the_nonce_of_the_csp_header(self):
        response = self.client.get(reverse("admin:articles_article_add"))
        policy = response["Content-Security-Policy"]
        self.assertNotIn("unsafe-inline", policy)
        self.assertNotIn("unsafe-eval", policy)
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        self.assertContains(response, f'<script type="importmap" nonce="{nonce}">')
        # The only inline script of the page.
        inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())
        self.assertEqual(inline, [f'<script type="importmap" nonce="{nonce}">'])

    def test_public_pages_send_no_nonce(self):
        article = make_article()
        policy = self.client.get(article.get_absolute_url())["Content-Security-Policy"]
        self.assertNotIn("nonce-", policy)
        self.assertNotIn("unsafe-inline", policy)

    def test_editor_is_given_the_rendered_body(self):
        """A body stored as plain paragraphs reaches the editor as HTML paragraphs."""
        article = make_article(body="First.\n\nSecond.")
        response = self.client.get(reverse("admin:articles_article_change", args=[article.pk]))
        self.assertHTMLEqual(
            response.context["adminform"].form["body"].value(), "<p>First.</p><p>Second.</p>"
        )

    def body_of_page(self, article):
        """The article's body as its page shows it (the dates around it change on save)."""
        page = self.client.get(article.get_absolute_url()).content.decode()
        return re.search(r'<div class="article__body">(.*?)</div>', page, re.DOTALL).group(1)

    def test_saving_existing_bodies_through_the_editor_leaves_pages_unchanged(self):
        """What the editor is given, saved back untouched, renders to the very same page."""
        for body in EXISTING_BODIES:
            with self.subTest(body=body):
                article = make_article(body=body)
                before = self.body_of_page(article)
                url = reverse("admin:articles_article_change", args=[article.pk])
                self.client.post(url, form_data(self.client.get(url)))
                article.refresh_from_db()
                self.assertEqual(article.version, 2)  # it was saved
                self.assertEqual(self.body_of_page(article), before)

    def test_imported_articles_render_the_same_once_edited(self):
        import_articles(FIXTURES / "saved-page.txt")
        import_articles(FIXTURES / "export.wxr.xml")
        for article in Article.objects.all():
            with self.subTest(article=article.title):
                self.assertEqual(render_body(article.body_html), article.body_html)

    def test_table_typed_in_the_editor_is_kept(self):
        table = (
            "<table><tbody><tr><th>Quarter</th><th>Revenue</th></tr>"
            "<tr><td>Q1</td><td>£1.2bn</td></tr></tbody></table>"
        )
        article = make_article(body=table)
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "<td>£1.2bn</td>", html=True)
        self.assertContains(response, "<th>Quarter</th>", html=True)

    def test_markup_pasted_from_a_word_processor_is_stored_clean(self):
        """Office's classes, styles, spans and namespaced tags never reach the database."""
        article = make_article()
        pasted = (
            '<p class="MsoNormal" style="margin:0cm;font-family:Calibri"><span lang="EN-GB" '
            'style="font-size:11pt">Sales rose <b>4%</b>.<o:p></o:p></span></p>'
            '<table class="MsoTableGrid" border="1" style="border-collapse:collapse">'
            '<tr><td width="100" valign="top" style="width:3cm"><p class="MsoNormal">Q1</p></td>'
            "</tr></table>"
        )
        url = reverse("admin:articles_article_change", args=[article.pk])
        self.client.post(url, form_data(self.client.get(url), body=pasted))
        article.refresh_from_db()
        for unwanted in ["class=", "style=", "lang=", "<span", "o:p", "width=", "border="]:
            self.assertNotIn(unwanted, article.body)
        self.assertIn("Sales rose <b>4%</b>.", article.body)
        self.assertIn("<td><p>Q1</p></td>", article.body)

    def test_word_count_and_reading_time_in_the_admin(self):
        article = make_article(body=" ".join(["word"] * 500))
        response = self.client.get(reverse("admin:articles_article_change", args=[article.pk]))
        self.assertContains(response, "500 words, about 3 minutes to read")


class ReadingTimeTests(TestCase):
    def test_article_page_shows_the_reading_time(self):
        article = make_article(body=" ".join(["word"] * 700))
        self.assertContains(self.client.get(article.get_absolute_url()), "4 min read")

    def test_counts(self):
        self.assertEqual(word_count("<p>One two</p><p>three</p>"), 3)
        self.assertEqual(reading_minutes(""), 1)
        self.assertEqual(reading_minutes(" w" * 231), 2)

    def test_sanitiser_strips_what_the_allowlist_refuses(self):
        dirty = (
            '<table onclick="x()"><tr><td style="color:red">1</td></tr></table><script>x</script>'
        )
        self.assertNotIn("onclick", sanitize(dirty))
        self.assertNotIn("style", sanitize(dirty))
        self.assertNotIn("script", sanitize(dirty))
        self.assertIn("<td>1</td>", sanitize(dirty))
