"""Embedded frames (iframes, embeds) become safe links to their source, and the import
report names each one it replaced: no embed disappears without a word."""

from django.test import TestCase

from articles.html import render_body, sanitize
from articles.models import Article

from . import webpages
from .importing import import_articles, temporary_folder, write_file, wxr, wxr_item

YOUTUBE = (
    '<iframe width="720" height="405" src="https://www.youtube.com/embed/ex1?feature=oembed" '
    'title="Chief executive &amp; the results" frameborder="0" allowfullscreen></iframe>'
)


class EmbedSanitisingTests(TestCase):
    def test_an_iframe_becomes_a_link_to_its_source(self):
        """The link keeps the address, names the frame by its title and host, and carries
        the sanitiser's rel attributes."""
        html = sanitize("<p>Watch the interview:</p>\n" + YOUTUBE)
        self.assertNotIn("<iframe", html)
        self.assertInHTML(
            '<a href="https://www.youtube.com/embed/ex1?feature=oembed" '
            'rel="noopener noreferrer">Embedded: Chief executive &amp; the results '
            "(www.youtube.com)</a>",
            html,
        )

    def test_a_frame_without_title_is_named_by_its_host_and_gets_a_scheme(self):
        """Embed codes often write "//host/path": it is read as https."""
        html = sanitize('<iframe src="//charts.example.org/c/Xy1/"></iframe>')
        self.assertInHTML(
            '<a href="https://charts.example.org/c/Xy1/" rel="noopener noreferrer">'
            "Embedded content from charts.example.org</a>",
            html,
        )

    def test_embed_elements_become_links_and_keep_the_text_after_them(self):
        html = sanitize('<embed src="https://media.example.org/show.swf"> and the text after')
        self.assertIn('href="https://media.example.org/show.swf"', html)
        self.assertIn("and the text after", html)
        self.assertNotIn("<embed", html)

    def test_unsafe_or_missing_sources_leave_no_link(self):
        """Only http(s) addresses are linked; anything else leaves nothing."""
        for frame in [
            '<iframe src="javascript:alert(1)"></iframe>',
            '<iframe src="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
            '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
            '<iframe src="http://[::1"></iframe>',
            '<embed src="file:///etc/passwd">',
        ]:
            with self.subTest(frame=frame):
                html = sanitize(frame)
                self.assertNotIn("<a", html)
                self.assertNotIn("script", html)
                self.assertNotIn("passwd", html)

    def test_a_hostile_title_is_escaped(self):
        html = render_body(
            '<iframe src="https://evil.example/x" title="&quot;&gt;&lt;script&gt;alert(1)'
            '&lt;/script&gt;"></iframe>'
        )
        self.assertNotIn("<script", html)
        self.assertIn("&lt;script&gt;", html)


class EmbedsInImportsTests(TestCase):
    def test_wordpress_post_embed_becomes_a_link_and_is_reported(self):
        folder = temporary_folder(self)
        body = "<p>The results call.</p>\n\n" + YOUTUBE + "\n\n" + YOUTUBE.replace("ex1", "ex2")
        result = import_articles(write_file(folder, "e.xml", wxr(wxr_item(3, "Call", body=body))))
        self.assertFalse(result.failed, result.output)
        self.assertIn("embedded frame from www.youtube.com made a link (×2)", result.stdout)
        article = Article.objects.get()
        page = self.client.get(article.get_absolute_url())
        self.assertContains(page, 'href="https://www.youtube.com/embed/ex2?feature=oembed"')
        self.assertContains(page, 'rel="noopener noreferrer"')
        self.assertNotContains(page, "<iframe")

    def test_saved_page_embed_becomes_a_link_and_is_reported(self):
        """trafilatura drops frames; the article keeps a link where each one stood, a frame
        in WordPress's embed figure included. A 1-pixel tracker frame is not content."""
        folder = temporary_folder(self)
        extra = (
            "<p>Before the chart.</p>"
            '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
            '<iframe src="https://charts.example.org/c/Xy1/" title="Output by month"></iframe>'
            "</div></figure>"
            '<iframe width="1" height="1" src="https://tracker.example.net/pixel"></iframe>'
            "<p>After the chart, the association gave no forecast for the summer.</p>"
        )
        path = write_file(folder, "steel.html", webpages.article_page(extra_body=extra))
        result = import_articles(path)
        self.assertFalse(result.failed, result.output)
        self.assertIn("embedded frame from charts.example.org made a link", result.stdout)
        self.assertNotIn("tracker.example.net", result.stdout)
        body = Article.objects.get().body
        self.assertIn(
            '<p>Before the chart.</p>\n\n<p><a href="https://charts.example.org/c/Xy1/" '
            'rel="noopener noreferrer">Embedded: Output by month (charts.example.org)</a></p>'
            "\n\n<p>After the chart,",
            body,
        )
        self.assertNotIn("tracker", body)
        self.assertNotIn("newsarchiveembed", body)
