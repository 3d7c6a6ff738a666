"""export_articles: a WXR file WordPress accepts, and a faithful round trip."""

import datetime
import xml.etree.ElementTree as ET

from django.test import TestCase
from taggit.models import Tag

from articles.models import Article, Comment
from authors.credits import credit
from authors.models import Author

from .factories import make_article, make_comment
from .importing import (
    FIXTURES,
    import_articles,
    page,
    run_command,
    temporary_folder,
    write_file,
    wxr,
    wxr_item,
)

WP = "{http://wordpress.org/export/1.2/}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
UTC = datetime.UTC


def snapshot():
    """Articles, tags and comments, as what a reader and an editor see, without ids."""
    articles = {}
    for article in Article.objects.order_by("slug"):
        by_pk = {c.pk: c for c in article.comments.all()}
        articles[article.slug] = {
            "fields": (
                article.title,
                article.standfirst,
                article.body_html,
                article.byline,
                article.published_at,
                article.status,
                article.allow_comments,
                article.source_url,
                article.source_name,
            ),
            "tags": sorted(article.tags.names()),
            "authors": [byline.author.name for byline in article.bylines.all()],
            "comments": sorted(
                (
                    c.author_name,
                    c.author_email,
                    c.author_url,
                    c.body,
                    c.status,
                    c.created_at,
                    by_pk[c.parent_id].body if c.parent_id else None,
                )
                for c in by_pk.values()
            ),
        }
    return articles


class ExportFileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title='Rates <held> ]]> "steady"',
            body="First paragraph.\n\n<p>Second <em>one</em>.</p>",
            standfirst="The bank held rates.",
            byline="Mara Okafor",
            published_at=datetime.datetime(2018, 6, 28, 9, tzinfo=UTC),
            tags=["Banking", "Rates"],
        )
        cls.top = make_comment(cls.article, body="Top <b>level</b>", author_email="top@example.org")
        cls.reply = make_comment(cls.article, parent=cls.top, body="A reply")
        make_comment(cls.article, status=Comment.Status.PENDING, body="Waiting")
        spam = make_comment(cls.article, status=Comment.Status.SPAM, body="Spam here")
        cls.orphan = make_comment(cls.article, parent=spam, body="Reply to spam")
        make_comment(cls.article, status=Comment.Status.TRASH, body="Binned")
        make_article(title="A draft", status=Article.Status.DRAFT)

    def export(self, **options):
        path = temporary_folder(self) + "/export.xml"
        result = run_command("export_articles", output=path, **options)
        self.assertFalse(result.failed, result.output)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        return result, text, ET.fromstring(text)

    def test_wxr_shape(self):
        """WXR 1.2: version, site, authors, tags, one post item per article."""
        result, _text, rss = self.export(base_url="https://archive.example.com")
        channel = rss.find("channel")
        self.assertEqual(channel.findtext(f"{WP}wxr_version"), "1.2")
        self.assertEqual(channel.findtext(f"{WP}base_blog_url"), "https://archive.example.com")
        self.assertEqual(
            channel.find(f"{WP}author").findtext(f"{WP}author_display_name"), "Mara Okafor"
        )
        self.assertEqual(len(channel.findall(f"{WP}tag")), 2)
        items = channel.findall("item")
        self.assertEqual(len(items), 2)
        item = next(i for i in items if i.findtext(f"{WP}post_name") == self.article.slug)
        # Titles are HTML in WordPress: ours, plain text, are escaped (and survive "]]>").
        self.assertEqual(item.findtext("title"), 'Rates &lt;held&gt; ]]&gt; "steady"')
        self.assertEqual(item.findtext(f"{WP}post_type"), "post")
        self.assertEqual(item.findtext(f"{WP}status"), "publish")
        self.assertEqual(item.findtext(f"{WP}post_date_gmt"), "2018-06-28 09:00:00")
        self.assertEqual(
            item.findtext("link"), f"https://archive.example.com{self.article.get_absolute_url()}"
        )
        self.assertEqual(item.findtext(f"{CONTENT}encoded"), self.article.body)
        self.assertEqual(
            sorted(c.text for c in item.findall("category") if c.get("domain") == "post_tag"),
            ["Banking", "Rates"],
        )
        self.assertIn("Exported 2 articles, 2 tags and 4 comments", result.stderr)

    def test_line_layout_for_wordpress_line_parser(self):
        """WordPress's fallback parser reads the file line by line: each piece on its line."""
        _result, text, _rss = self.export()
        lines = [line.strip() for line in text.splitlines()]
        self.assertIn("<wp:wxr_version>1.2</wp:wxr_version>", lines)
        self.assertEqual(lines.count("<item>"), 2)
        self.assertEqual(lines.count("</item>"), 2)
        authors = [line for line in lines if line.startswith("<wp:author>")]
        self.assertEqual(len(authors), 1)
        self.assertTrue(authors[0].endswith("</wp:author>"))
        categories = [line for line in lines if line.startswith("<category ")]
        self.assertTrue(categories)
        self.assertTrue(all(line.endswith("</category>") for line in categories))

    def test_comments_approved_and_pending_with_threading(self):
        """Spam and trash stay out; a reply to a left-out comment becomes top-level."""
        _result, _text, rss = self.export()
        item = next(
            i for i in rss.iter("item") if i.findtext(f"{WP}post_name") == self.article.slug
        )
        comments = {c.findtext(f"{WP}comment_id"): c for c in item.findall(f"{WP}comment")}
        self.assertEqual(len(comments), 4)
        bodies = {c.findtext(f"{WP}comment_content") for c in comments.values()}
        self.assertNotIn("Spam here", bodies)
        self.assertNotIn("Binned", bodies)
        reply = comments[str(self.reply.pk)]
        self.assertEqual(reply.findtext(f"{WP}comment_parent"), str(self.top.pk))
        self.assertEqual(comments[str(self.orphan.pk)].findtext(f"{WP}comment_parent"), "0")
        approved = {c.findtext(f"{WP}comment_approved") for c in comments.values()}
        self.assertEqual(approved, {"1", "0"})
        top = comments[str(self.top.pk)]
        self.assertEqual(top.findtext(f"{WP}comment_content"), "Top &lt;b&gt;level&lt;/b&gt;")

    def test_no_emails_without_the_flag(self):
        _result, text, _rss = self.export()
        self.assertNotIn("@example.org", text)

    def test_emails_with_the_flag(self):
        _result, text, _rss = self.export(include_emails=True)
        self.assertIn("top@example.org", text)

    def test_published_only(self):
        _result, _text, rss = self.export(published_only=True)
        self.assertEqual(len(rss.find("channel").findall("item")), 1)

    def test_bad_base_url(self):
        result = run_command("export_articles", base_url="javascript:alert(1)")
        self.assertTrue(result.failed)
        self.assertIn("--base-url must be an http(s) address", str(result.error))

    def test_without_allowed_hosts_the_address_is_required(self):
        """No host to take the links' address from: the command asks for --base-url."""
        for hosts in [[], ["*"], [".example.com"]]:
            with self.subTest(hosts=hosts), self.settings(ALLOWED_HOSTS=hosts):
                result = run_command("export_articles")
                self.assertTrue(result.failed)
                self.assertIn("give the archive's address with --base-url", str(result.error))
                self.assertNotIn("localhost", result.output)

    def test_the_first_allowed_host_is_the_default_address(self):
        with self.settings(ALLOWED_HOSTS=["news.example.org", "www.example.org"]):
            _result, text, _rss = self.export()
        self.assertIn("<wp:base_site_url>https://news.example.org</wp:base_site_url>", text)

    def test_unwritable_output(self):
        result = run_command("export_articles", output="/nonexistent-folder/x.xml")
        self.assertTrue(result.failed)
        self.assertIn("Cannot write /nonexistent-folder/x.xml", str(result.error))


class RoundTripTests(TestCase):
    def test_export_then_import_into_an_empty_database(self):
        """Articles, tags and comments come back the same (spam and trash excepted)."""
        import_articles(FIXTURES / "export.wxr.xml")
        import_articles(FIXTURES / "saved-page.txt")
        article = Article.objects.get(slug="bank-merger-approved")
        article.title = "Bank merger <approved> ]]> & done"
        article.standfirst = "A standfirst with <angle> brackets & ampersands."
        article.save()
        Comment.objects.filter(status__in=[Comment.Status.SPAM, Comment.Status.TRASH]).delete()
        before = snapshot()

        path = temporary_folder(self) + "/archive.xml"
        run_command("export_articles", output=path, include_emails=True)
        Comment.objects.all().delete()
        Article.objects.all().delete()
        Tag.objects.all().delete()

        result = import_articles(path)
        self.assertFalse(result.failed, result.output)
        self.assertIn("5 created", result.stdout)
        self.assertEqual(snapshot(), before)

    def test_tables_and_provenance_come_back(self):
        """Tables, a saved page's source address and publication survive the round trip."""
        folder = temporary_folder(self)
        table = (
            "<table><caption>Output</caption><thead><tr><th scope='col'>Year</th>"
            "<th scope='col'>Tonnes</th></tr></thead>\n\n<tbody><tr><td>2019</td>"
            "<td rowspan='2'>40</td></tr><tr><td>2020</td></tr></tbody></table>"
        )
        source = wxr(wxr_item(7, "Steel table", body="Figures:\n\n" + table))
        import_articles(write_file(folder, "tables.xml", source))
        import_articles(
            write_file(folder, "steel.txt", page()),
            source_url="https://wire.example.com/steel/",
            source_name="Wire",
        )
        before = snapshot()
        self.assertIn("<table>", before["steel-table"]["fields"][2])
        self.assertEqual(
            before["steel-output-rises"]["fields"][-2:], ("https://wire.example.com/steel/", "Wire")
        )

        path = folder + "/archive.xml"
        run_command("export_articles", output=path, base_url="https://archive.example.com")
        Article.objects.all().delete()
        Tag.objects.all().delete()
        result = import_articles(path)
        self.assertFalse(result.failed, result.output)
        self.assertEqual(snapshot(), before)


class AuthorRoundTripTests(TestCase):
    def test_authors_in_order_as_wordpress_users_and_back(self):
        """Each author is a WordPress user (login = page slug, no email); a post names its
        authors in order; re-importing the export gives the same authors and byline."""
        when = datetime.datetime(2020, 3, 4, 9, tzinfo=UTC)  # WXR keeps whole seconds
        rates = make_article(
            title="Rates held", byline="By T. Reyes and L. Ortiz", published_at=when
        )
        credit(rates, ["Tom Reyes", "Lena Ortiz"])
        credit(make_article(title="Oil output", published_at=when), ["Lena Ortiz"])
        make_article(title="Unsigned", published_at=when)
        Author.objects.filter(name="Lena Ortiz").update(slug="lena")
        before = snapshot()
        self.assertEqual(before["rates-held"]["authors"], ["Tom Reyes", "Lena Ortiz"])

        folder = temporary_folder(self)
        path = folder + "/archive.xml"
        run_command("export_articles", output=path, base_url="https://archive.example.com")
        channel = ET.parse(path).getroot().find("channel")
        users = [
            (a.findtext(f"{WP}author_login"), a.findtext(f"{WP}author_display_name"))
            for a in channel.findall(f"{WP}author")
        ]
        self.assertEqual(users, [("lena", "Lena Ortiz"), ("tom-reyes", "Tom Reyes")])
        self.assertEqual(
            {a.findtext(f"{WP}author_email") for a in channel.findall(f"{WP}author")}, {""}
        )
        creators = {
            item.findtext(f"{WP}post_name"): [c.text for c in item.findall(f"{DC}creator")]
            for item in channel.findall("item")
        }
        self.assertEqual(creators["rates-held"], ["tom-reyes", "lena"])
        self.assertEqual(creators["oil-output"], ["lena"])

        Article.objects.all().delete()
        Author.objects.all().delete()
        result = import_articles(path)
        self.assertFalse(result.failed, result.output)
        self.assertEqual(snapshot(), before)
        self.assertEqual(Author.objects.count(), 2)
        self.assertEqual(Article.objects.get(slug="rates-held").byline, "By T. Reyes and L. Ortiz")

    def test_a_wordpress_export_with_one_creator_credits_its_display_name(self):
        folder = temporary_folder(self)
        source = wxr(wxr_item(7, "Copper", creators=["mara"])).replace(
            "<channel>\n",
            "<channel>\n<wp:author><wp:author_login>mara</wp:author_login>"
            "<wp:author_display_name>Mara Okafor</wp:author_display_name></wp:author>",
        )
        import_articles(write_file(folder, "site.xml", source))
        article = Article.objects.get()
        self.assertEqual(article.byline, "Mara Okafor")
        self.assertEqual([b.author.name for b in article.bylines.all()], ["Mara Okafor"])

    def test_every_author_field_the_archive_shows_comes_back(self):
        """Name, page address, bio and link of each author survive an export and re-import
        into an empty database, and the author's page shows them again."""
        when = datetime.datetime(2020, 3, 4, 9, tzinfo=UTC)
        credit(make_article(title="Rates held", published_at=when), ["Lena Ortiz", "Tom Reyes"])
        Author.objects.filter(name="Lena Ortiz").update(
            slug="lena",
            bio="Covers energy & <markets> ]]> from Lagos.\nBefore that, shipping.",
            url="https://lena.example.com/about?lang=en&x=1",
        )
        Author.objects.filter(name="Tom Reyes").update(slug="t-reyes")

        def authors():
            return sorted(Author.objects.values_list("name", "slug", "bio", "url"))

        before = authors()
        path = temporary_folder(self) + "/archive.xml"
        run_command("export_articles", output=path, base_url="https://archive.example.com")
        with open(path, encoding="utf-8") as f:
            users = [line.strip() for line in f if "<wp:author>" in line]
        # The bio's line break is a character reference: each user stays on one line, as
        # WordPress's line-by-line parser needs.
        self.assertEqual(len(users), 2)
        self.assertTrue(all(line.endswith("</wp:author>") for line in users))
        Article.objects.all().delete()
        Author.objects.all().delete()
        result = import_articles(path)
        self.assertFalse(result.failed, result.output)
        self.assertEqual(authors(), before)
        response = self.client.get("/authors/lena/")
        self.assertContains(response, "Covers energy &amp; &lt;markets&gt; ]]&gt; from Lagos.")
        self.assertContains(response, 'href="https://lena.example.com/about?lang=en&amp;x=1"')

    def test_a_reimport_fills_an_empty_bio_and_link_but_keeps_an_editors_text(self):
        """Into a database that has the author already: blanks are filled, nothing written
        since is overwritten, and a slug another author holds now is not taken from them."""
        credit(make_article(title="Rates held"), ["Lena Ortiz", "Tom Reyes"])
        Author.objects.filter(name="Lena Ortiz").update(
            slug="lena", bio="Energy.", url="https://lena.example.com/"
        )
        Author.objects.filter(name="Tom Reyes").update(bio="Markets.", url="https://tom.example/")
        path = temporary_folder(self) + "/archive.xml"
        run_command("export_articles", output=path, base_url="https://archive.example.com")
        Article.objects.all().delete()
        Author.objects.filter(name="Lena Ortiz").update(bio="Energy, since 2019.", url="")
        Author.objects.filter(name="Tom Reyes").delete()
        Author.objects.create(name="Lena Smith", slug="tom-reyes")
        result = import_articles(path)
        self.assertFalse(result.failed, result.output)
        self.assertEqual(
            sorted(Author.objects.values_list("name", "slug", "bio", "url")),
            [
                ("Lena Ortiz", "lena", "Energy, since 2019.", "https://lena.example.com/"),
                ("Lena Smith", "tom-reyes", "", ""),
                ("Tom Reyes", "tom-reyes-2", "Markets.", "https://tom.example/"),
            ],
        )

    def test_a_wordpress_export_without_our_author_fields_names_pages_as_before(self):
        """A WordPress user's login is not a page address of ours: the name gives it."""
        folder = temporary_folder(self)
        source = wxr(wxr_item(7, "Copper", creators=["mara"])).replace(
            "<channel>\n",
            "<channel>\n<wp:author><wp:author_login>mara</wp:author_login>"
            "<wp:author_display_name>Mara Okafor</wp:author_display_name></wp:author>",
        )
        import_articles(write_file(folder, "site.xml", source))
        self.assertEqual(
            list(Author.objects.values_list("name", "slug", "bio", "url")),
            [("Mara Okafor", "mara-okafor", "", "")],
        )
