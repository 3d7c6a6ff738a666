import collections
import datetime
import html
import xml.etree.ElementTree as ET
from unittest import skipUnless

from django.test import TestCase
from django.urls import reverse

from articles.models import Article, Comment

from .importing import FIXTURES, SAMPLE_WXR, SAMPLES_ABSENT, import_articles, temporary_folder

EXPORT = FIXTURES / "export.wxr.xml"
UTC = datetime.UTC


class WxrImportTests(TestCase):
    """The project's own WXR fixture: posts, statuses, tags, categories and comments."""

    @classmethod
    def setUpTestData(cls):
        cls.result = import_articles(EXPORT)
        cls.copper = Article.objects.get(slug="copper-prices-climb")

    def test_reports_the_counts(self):
        """Posts created; pages, attachments, menu items and binned posts skipped and counted."""
        self.assertFalse(self.result.failed, self.result.output)
        out = self.result.stdout
        self.assertIn("8 items, 4 posts: 4 created, 0 updated, 0 unchanged", out)
        for skipped in [
            "1 page",
            "1 attachment",
            "1 menu item",
            "1 post with status “trash”",
            "1 pingback or trackback",
        ]:
            self.assertIn(skipped, out)
        self.assertIn("comments: 6 added", out)
        self.assertIn("4 created, 0 updated, 0 unchanged, 4 skipped, 0 failed", out)
        self.assertEqual(Article.objects.count(), 4)

    def test_post_fields(self):
        """Title (entities decoded), excerpt as plain text, author display name, GMT date."""
        self.assertEqual(self.copper.title, "Copper prices climb & miners cheer")
        self.assertEqual(self.copper.standfirst, "Mines in two countries halted output.")
        self.assertEqual(self.copper.byline, "Mara Okafor")
        self.assertEqual(self.copper.published_at, datetime.datetime(2018, 6, 28, 9, tzinfo=UTC))
        self.assertEqual(self.copper.status, Article.Status.PUBLISHED)
        self.assertEqual(
            self.copper.source_url, "https://news.example.com/2018/06/28/copper-prices-climb/"
        )
        self.assertEqual(self.copper.source_name, "Demo Business Wire")
        self.assertEqual(self.copper.source_format, Article.SourceFormat.WXR)
        self.assertEqual(self.copper.source_file, "export.wxr.xml")
        self.assertEqual(self.copper.source_id, "https://news.example.com?p=101")

    def test_statuses(self):
        """publish is published; draft and future are drafts, the future one keeping its date."""
        draft = Article.objects.get(title="Port strike talks resume")
        future = Article.objects.get(slug="quarterly-results-preview")
        self.assertEqual(draft.status, Article.Status.DRAFT)
        self.assertEqual(draft.slug, "port-strike-talks-resume")  # no post_name: from the title
        self.assertEqual(draft.published_at, datetime.datetime(2019, 1, 2, 10, tzinfo=UTC))
        self.assertEqual(future.status, Article.Status.DRAFT)
        self.assertEqual(future.published_at, datetime.datetime(2030, 1, 1, 9, tzinfo=UTC))
        self.assertFalse(Article.objects.published().filter(pk__in=[draft.pk, future.pk]))

    def test_tags_and_categories_become_tags(self):
        """Tags and categories both, case-insensitively merged with existing tags; formats not."""
        self.assertEqual(sorted(self.copper.tags.names()), ["Commodities", "Copper", "Mining"])
        bank = Article.objects.get(slug="bank-merger-approved")
        self.assertEqual(sorted(bank.tags.names()), ["Banking", "Mining"])

    def test_body_is_sanitised_and_block_markup_dropped(self):
        """No script, event handler, javascript: URL, iframe, block comment or shortcode."""
        body = self.copper.body
        for gone in ["<script", "onclick", "javascript:", "<iframe", "wp:paragraph", "[caption"]:
            self.assertNotIn(gone, body)
            self.assertNotIn(gone, self.copper.body_html)
        response = self.client.get(self.copper.get_absolute_url())
        self.assertContains(
            response,
            "<p>Copper rose for a <strong>third</strong> day as two mines halted output.</p>",
            html=True,
        )
        self.assertContains(response, "Stockpiles at the port")

    def test_comment_statuses_and_fields(self):
        """1 approved, 0 pending, spam and trash kept as such; bad URL, email and IP dropped."""
        comments = {c.author_name + ":" + c.body[:8]: c for c in self.copper.comments.all()}
        statuses = collections.Counter(c.status for c in comments.values())
        self.assertEqual(statuses, {"approved": 3, "pending": 1, "spam": 1, "trash": 1})
        tom = comments["Tom Reyes:Good new"]
        self.assertEqual(tom.author_email, "tom@example.org")
        self.assertEqual(tom.author_url, "https://tom.example.org/")
        self.assertEqual(tom.ip_address, "192.0.2.10")
        self.assertEqual(tom.created_at, datetime.datetime(2018, 6, 28, 10, tzinfo=UTC))
        self.assertEqual(tom.body, "Good news for miners.\nLess so for builders.")
        priya = comments["Priya Natarajan:Builders"]
        self.assertEqual(priya.author_url, "")
        self.assertIsNone(priya.ip_address)
        self.assertEqual(priya.body, "Builders buy forward, mostly.")
        self.assertEqual(comments["Waiting Reader:Still wa"].author_email, "")

    def test_threading(self):
        """Replies hang from their parents, even when a reply comes first in the file."""
        tom = self.copper.comments.get(body__startswith="Good news")
        priya = self.copper.comments.get(author_name="Priya Natarajan")
        reply = self.copper.comments.get(body="Fair point, thank you.")
        self.assertIsNone(tom.parent)
        self.assertEqual(priya.parent, tom)
        self.assertEqual(reply.parent, priya)

    def test_comments_closed(self):
        self.assertFalse(Article.objects.get(slug="bank-merger-approved").allow_comments)

    def test_article_page(self):
        """Approved comments show, escaped; email addresses never do; provenance line shows."""
        response = self.client.get(self.copper.get_absolute_url())
        self.assertContains(response, "Fair point, thank you.")
        self.assertNotContains(response, "Still waiting for moderation.")
        self.assertNotContains(response, "Buy now!")
        self.assertNotContains(response, "@example.org")
        self.assertContains(
            response,
            '<p class="provenance">Originally published by <a href="https://news.example.com/'
            '2018/06/28/copper-prices-climb/" rel="noopener noreferrer">Demo Business Wire</a>'
            ' on <time datetime="2018-06-28T09:00:00+00:00">28 June 2018</time>; archived '
            f'<time datetime="{self.copper.imported_at.replace(microsecond=0).isoformat()}">'
            f"{self.copper.imported_at.day} {self.copper.imported_at:%B %Y}</time>.</p>",
            html=True,
        )


class WxrOptionTests(TestCase):
    def test_no_categories(self):
        """--no-categories imports tags only."""
        import_articles(EXPORT, no_categories=True)
        copper = Article.objects.get(slug="copper-prices-climb")
        self.assertEqual(sorted(copper.tags.names()), ["Copper", "Mining"])

    def test_source_name_option_overrides_the_site_title(self):
        import_articles(EXPORT, source_name="Wire Service")
        self.assertEqual(
            set(Article.objects.values_list("source_name", flat=True)), {"Wire Service"}
        )

    def test_source_url_is_not_used_for_an_export(self):
        """Each post keeps its own link; the command says the option was not used."""
        result = import_articles(EXPORT, source_url="https://elsewhere.example.com/")
        self.assertIn("--source-url is not used: each post has its own link", result.stdout)
        self.assertFalse(Article.objects.filter(source_url__contains="elsewhere").exists())


class WxrRepeatImportTests(TestCase):
    def test_second_import_changes_nothing(self):
        """The same export again: every post unchanged, no comment added, and it says so."""
        import_articles(EXPORT)
        before = dict(Article.objects.values_list("pk", "updated_at"))
        result = import_articles(EXPORT)
        self.assertIn("0 created, 0 updated, 4 unchanged", result.stdout)
        self.assertIn("comments: 0 added", result.stdout)
        self.assertEqual(dict(Article.objects.values_list("pk", "updated_at")), before)
        self.assertEqual(Comment.objects.count(), 6)

    def test_changed_post_is_updated_in_place(self):
        """A post whose content changed: same article and address, comments kept and added."""
        import_articles(EXPORT)
        copper = Article.objects.get(slug="copper-prices-climb")
        folder = temporary_folder(self)
        changed = (
            EXPORT.read_text()
            .replace("halted output.</p>", "halted output, a spokesman said.</p>")
            .replace(
                "<wp:comment_id>14</wp:comment_id>",
                "<wp:comment_id>18</wp:comment_id>"
                "<wp:comment_author>New Reader</wp:comment_author>"
                "<wp:comment_content>A late reply.</wp:comment_content>"
                "<wp:comment_approved>1</wp:comment_approved>"
                "<wp:comment_parent>11</wp:comment_parent></wp:comment><wp:comment>"
                "<wp:comment_id>14</wp:comment_id>",
            )
        )
        path = folder + "/export.wxr.xml"
        with open(path, "w") as f:
            f.write(changed)
        result = import_articles(path)
        self.assertIn("0 created, 1 updated, 3 unchanged", result.stdout)
        self.assertIn("comments: 1 added, 6 already there", result.stdout)
        updated = Article.objects.get(pk=copper.pk)
        self.assertEqual(updated.slug, "copper-prices-climb")
        self.assertIn("a spokesman said", updated.body)
        self.assertEqual(updated.comments.count(), 7)
        late = updated.comments.get(author_name="New Reader")
        self.assertEqual(late.parent, updated.comments.get(body__startswith="Good news"))


def _expected_from_file(path):
    """Count what the sample export holds, independently of the importer."""
    ns = {"wp": "https://wordpress.org/export/1.2/", "dc": "http://purl.org/dc/elements/1.1/"}
    counts = collections.Counter()
    posts = {}
    for item in ET.parse(path).iter("item"):
        post_type = item.findtext("wp:post_type", namespaces=ns)
        counts[post_type] += 1
        if post_type != "post":
            continue
        comments = [
            c
            for c in item.findall("wp:comment", ns)
            if c.findtext("wp:comment_type", namespaces=ns) not in ("pingback", "trackback")
        ]
        posts[item.findtext("wp:post_id", namespaces=ns)] = {
            "status": item.findtext("wp:status", namespaces=ns),
            "password": item.findtext("wp:post_password", namespaces=ns) or "",
            "empty": not (
                item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or ""
            ).strip(),
            "terms": {
                c.text.casefold()
                for c in item.findall("category")
                if c.get("domain") in ("post_tag", "category")
            },
            "approved": {
                c.findtext("wp:comment_id", namespaces=ns): c.findtext(
                    "wp:comment_parent", namespaces=ns
                )
                for c in comments
                if c.findtext("wp:comment_approved", namespaces=ns) == "1"
            },
            "comments": len(comments),
        }
    return counts, posts


@skipUnless(SAMPLE_WXR.exists(), SAMPLES_ABSENT)
class ThemeUnitTestExportTests(TestCase):
    """WordPress's Theme Unit Test export, from the samples folder."""

    @classmethod
    def setUpTestData(cls):
        cls.result = import_articles(SAMPLE_WXR)
        cls.counts, cls.posts = _expected_from_file(SAMPLE_WXR)
        cls.site = "https://wpthemetestdata.wordpress.com"

    def article(self, post_id):
        return Article.objects.get(source_id=f"{self.site}?p={post_id}")

    def test_figures_match_the_file(self):
        """The command's counts are the file's: posts created, other items skipped."""
        self.assertFalse(self.result.failed, self.result.output)
        out = self.result.stdout
        items = sum(self.counts.values())
        self.assertIn(f"{items} items, {self.counts['post']} posts", out)
        self.assertIn(f"{self.counts['post']} created", out)
        self.assertIn(f"{self.counts['page']} pages", out)
        self.assertIn(f"{self.counts['attachment']} attachments", out)
        self.assertIn(f"{self.counts['nav_menu_item']} menu items", out)
        total_comments = sum(p["comments"] for p in self.posts.values())
        self.assertIn(f"comments: {total_comments} added", out)
        self.assertEqual(Article.objects.count(), self.counts["post"])
        self.assertEqual(Comment.objects.count(), total_comments)

    def test_every_published_post_with_its_tags_and_categories(self):
        for post_id, expected in self.posts.items():
            with self.subTest(post_id=post_id):
                article = self.article(post_id)
                self.assertEqual({t.casefold() for t in article.tags.names()}, expected["terms"])
                # A post with no content at all is a draft: an editor decides.
                public = (
                    expected["status"] == "publish"
                    and not expected["password"]
                    and not expected["empty"]
                )
                self.assertEqual(article.is_public, public)

    def test_approved_comments_with_threading_intact(self):
        for post_id, expected in self.posts.items():
            if not expected["approved"]:
                continue
            with self.subTest(post_id=post_id):
                article = self.article(post_id)
                approved = list(article.comments.approved().order_by("pk"))
                self.assertEqual(len(approved), len(expected["approved"]))
                replies = sum(1 for parent in expected["approved"].values() if parent != "0")
                self.assertEqual(sum(1 for c in approved if c.parent_id), replies)
                for comment in approved:
                    if comment.parent_id:
                        self.assertEqual(comment.parent.article_id, article.pk)

    def test_no_script_survives(self):
        for article in Article.objects.all():
            for text in (article.body, article.body_html, article.standfirst, article.title):
                self.assertNotIn("<script", text.lower())
                self.assertNotIn("javascript:", text.lower())

    def test_pages_render(self):
        for article in Article.objects.published()[:60]:
            with self.subTest(slug=article.slug):
                response = self.client.get(article.get_absolute_url())
                self.assertEqual(response.status_code, 200)

    def test_second_import_is_unchanged(self):
        result = import_articles(SAMPLE_WXR)
        self.assertIn(f"0 created, 0 updated, {self.counts['post']} unchanged", result.stdout)
        self.assertEqual(Article.objects.count(), self.counts["post"])


class WxrDryRunTests(TestCase):
    def test_dry_run_reports_and_writes_nothing(self):
        result = import_articles(EXPORT, dry_run=True)
        self.assertIn("export.wxr.xml (WordPress export, dry run): 8 items, 4 posts", result.stdout)
        self.assertIn("4 created", result.stdout)
        self.assertIn("comments: 6 added", result.stdout)
        self.assertFalse(Article.objects.exists())
        self.assertFalse(Comment.objects.exists())


class WxrSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_articles(EXPORT)
        import_articles(EXPORT.parent / "saved-page.txt")

    def test_imported_articles_are_found_by_their_words_and_tags(self):
        """The search index covers imported articles, their tags included."""
        for query, title in [
            ("stockpiles", "Copper prices climb & miners cheer"),
            ("commodities", "Copper prices climb & miners cheer"),
            ("regulator", "Bank merger approved"),
            ("pallets", "Harbourline Logistics opens its first inland cold-chain depot"),
        ]:
            with self.subTest(query=query):
                response = self.client.get(reverse("articles:search"), {"q": query})
                self.assertContains(response, html.escape(title))

    def test_drafts_are_not_found(self):
        response = self.client.get(reverse("articles:search"), {"q": "unions"})
        self.assertNotContains(response, "Port strike talks resume")
