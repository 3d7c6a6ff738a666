"""Authors as records: ordered bylines linking to author pages, their feeds, JSON-LD,
imports and the migration of the byline strings already stored."""

import datetime
import importlib
import json
import re

import feedparser
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from authors.credits import credit
from authors.models import Author, Byline
from pagecache.statements import written_table

from .factories import make_article
from .importing import import_articles, page, temporary_folder, write_file

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def news_article_ld(response):
    blocks = [json.loads(b) for b in LD_JSON.findall(response.content.decode())]
    return next(block for block in blocks if block["@type"] == "NewsArticle")


class BylineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Miners merge", byline="Old string")
        credit(cls.article, ["Zoe Price", "Adam Bell", "Carla Diaz"])
        cls.zoe = Author.objects.get(name="Zoe Price")
        cls.zoe.url = "https://example.org/zoe"
        cls.zoe.save()

    def test_byline_names_the_authors_in_order_with_links(self):
        """The byline credits the authors in their order, each linked to their page."""
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(
            response,
            'By <a href="/authors/zoe-price/" rel="author">Zoe Price</a>, '
            '<a href="/authors/adam-bell/" rel="author">Adam Bell</a> and '
            '<a href="/authors/carla-diaz/" rel="author">Carla Diaz</a>',
        )
        self.assertNotContains(response, "Old string")

    def test_json_ld_author_is_each_person_with_their_page(self):
        data = news_article_ld(self.client.get(self.article.get_absolute_url()))
        self.assertEqual(
            data["author"][0],
            {
                "@type": "Person",
                "name": "Zoe Price",
                "url": "http://testserver/authors/zoe-price/",
                "sameAs": "https://example.org/zoe",
            },
        )
        self.assertEqual(
            [a["name"] for a in data["author"]], ["Zoe Price", "Adam Bell", "Carla Diaz"]
        )

    def test_article_without_authors_keeps_its_byline_string(self):
        article = make_article(byline="Wire staff")
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "By Wire staff")
        self.assertEqual(
            news_article_ld(response)["author"], {"@type": "Person", "name": "Wire staff"}
        )

    def test_citations_name_the_authors_in_order(self):
        """The "Cite this article" box and its downloads credit the author records."""
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, "Price, Z., Bell, A., &amp; Diaz, C.")
        ris = self.client.get(reverse("citations:download", args=[self.article.slug, "ris"]))
        self.assertContains(ris, "AU  - Price, Zoe\r\nAU  - Bell, Adam\r\nAU  - Diaz, Carla")

    def test_article_feed_entries_name_their_authors(self):
        feed = feedparser.parse(self.client.get(reverse("articles:feed-atom")).content)
        entry = next(e for e in feed.entries if e.title == "Miners merge")
        self.assertEqual(entry.author, "Zoe Price, Adam Bell, Carla Diaz")

    def test_writes_to_author_tables_end_the_cached_pages(self):
        """The page cache sees writes to authors and bylines, as to articles."""
        for table in ["authors_author", "authors_byline"]:
            with self.subTest(table=table):
                self.assertEqual(written_table(f'UPDATE "{table}" SET x = 1'), table)


class AuthorPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        base = datetime.datetime(2024, 3, 1, 9, 0, tzinfo=datetime.UTC)
        cls.author = Author.objects.create(
            name="Ines Moreau", slug="ines-moreau", bio="Covers energy markets."
        )
        for i in range(12):
            article = make_article(
                title=f"Energy story {i:02d}", published_at=base + datetime.timedelta(days=i)
            )
            credit(article, ["Ines Moreau"])
        draft = make_article(title="Unpublished energy draft", status=Article.Status.DRAFT)
        credit(draft, ["Ines Moreau", "Draft Only"])
        make_article(title="Someone else's story")

    def test_author_page_lists_their_published_articles_newest_first_by_page(self):
        url = reverse("authors:author-detail", args=["ines-moreau"])
        response = self.client.get(url)
        self.assertContains(response, '<h1 class="page-title">Ines Moreau</h1>', html=True)
        self.assertContains(response, "Covers energy markets.")
        titles = [a.title for a in response.context["article_list"]]
        self.assertEqual(titles, [f"Energy story {i:02d}" for i in range(11, 1, -1)])
        self.assertNotContains(response, "Unpublished energy draft")
        self.assertNotContains(response, "Someone else")
        second = self.client.get(url, {"page": 2})
        self.assertEqual(
            [a.title for a in second.context["article_list"]],
            ["Energy story 01", "Energy story 00"],
        )

    def test_author_of_drafts_only_or_unknown_has_no_page_or_feed(self):
        draft_only = Author.objects.get(name="Draft Only")
        for name in ["authors:author-detail", "authors:author-feed"]:
            for slug in [draft_only.slug, "nobody"]:
                with self.subTest(name=name, slug=slug):
                    self.assertEqual(self.client.get(reverse(name, args=[slug])).status_code, 404)

    def test_author_feed_holds_their_articles(self):
        response = self.client.get(reverse("authors:author-feed", args=["ines-moreau"]))
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        self.assertIn("Ines Moreau", feed.feed.title)
        self.assertEqual(len(feed.entries), 12)
        self.assertEqual(feed.entries[0].title, "Energy story 11")

    def test_author_page_is_a_profile_page_in_json_ld(self):
        response = self.client.get(reverse("authors:author-detail", args=["ines-moreau"]))
        blocks = [json.loads(b) for b in LD_JSON.findall(response.content.decode())]
        profile = next(block for block in blocks if block["@type"] == "ProfilePage")
        self.assertEqual(profile["mainEntity"]["name"], "Ines Moreau")
        self.assertEqual(profile["mainEntity"]["description"], "Covers energy markets.")

    def test_query_count_does_not_grow_with_articles(self):
        url = reverse("authors:author-detail", args=["ines-moreau"])
        # The author, the page of articles with comment counts, their tags.
        with self.assertNumQueries(3):
            self.client.get(url)


class CreditTests(TestCase):
    def test_same_name_is_one_author_whatever_its_case_or_spacing(self):
        first, second = make_article(), make_article()
        credit(first, ["Jo  Banks"])
        credit(second, ["by jo banks", "Kim Lee"])
        self.assertEqual(Author.objects.count(), 2)
        self.assertEqual(first.authors.get().name, "Jo Banks")
        self.assertEqual(
            list(second.bylines.values_list("author__name", flat=True)), ["Jo Banks", "Kim Lee"]
        )

    def test_same_slug_from_different_names_is_made_unique(self):
        credit(make_article(), ["Anne-Marie Roy"])
        credit(make_article(), ["Anne Marie Roy"])
        self.assertEqual(
            sorted(Author.objects.values_list("slug", flat=True)),
            ["anne-marie-roy", "anne-marie-roy-2"],
        )


class AdminAuthorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser(
            "editor", "editor@example.com", "a-long-test-password"
        )
        cls.first = Author.objects.create(name="Lena Ortiz", slug="lena-ortiz")
        cls.second = Author.objects.create(name="Tom Reyes", slug="tom-reyes")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_editor_credits_two_authors_in_order(self):
        response = self.client.post(
            reverse("admin:articles_article_add"),
            {
                "title": "Port strike ends",
                "slug": "",
                "body": "Paragraph.",
                "status": "published",
                "published_at_0": "2026-01-05",
                "published_at_1": "09:00:00",
                "bylines-TOTAL_FORMS": "2",
                "bylines-INITIAL_FORMS": "0",
                "bylines-0-author": str(self.second.pk),
                "bylines-0-position": "1",
                "bylines-1-author": str(self.first.pk),
                "bylines-1-position": "0",
                "corrections-TOTAL_FORMS": "0",
                "corrections-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        article = Article.objects.get(slug="port-strike-ends")
        self.assertEqual(
            [b.author.name for b in article.bylines.all()], ["Lena Ortiz", "Tom Reyes"]
        )

    def test_a_post_without_the_inlines_leaves_authors_and_notes_as_they_are(self):
        """A script saving the article's own fields changes no author (nor refuses the save)."""
        article = make_article(title="Rail fares")
        credit(article, ["Lena Ortiz"])
        response = self.client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            {
                "title": "Rail fares rise",
                "slug": article.slug,
                "body": "Paragraph.",
                "status": "published",
                "published_at_0": "2026-01-05",
                "published_at_1": "09:00:00",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        article.refresh_from_db()
        self.assertEqual(article.title, "Rail fares rise")
        self.assertEqual([a.name for a in article.authors.all()], ["Lena Ortiz"])

    def test_author_admin_and_its_search(self):
        response = self.client.get(reverse("admin:authors_author_changelist"), {"q": "lena"})
        self.assertContains(response, "Lena Ortiz")
        self.assertNotContains(response, "Tom Reyes")


class ImportAuthorTests(TestCase):
    def test_wordpress_creators_become_one_author_each(self):
        """Imported dc:creator names become authors; the same name twice is one author."""
        folder = temporary_folder(self)
        path = write_file(folder, "site.xml", WXR)
        run = import_articles(path)
        self.assertFalse(run.failed, run.stderr)
        self.assertEqual(list(Author.objects.values_list("name", flat=True)), ["Pat Quinn"])
        self.assertEqual(Byline.objects.count(), 2)

    def test_saved_pages_without_a_byline_credit_no_one(self):
        folder = temporary_folder(self)
        run = import_articles(write_file(folder, "a.txt", page()))
        self.assertFalse(run.failed, run.stderr)
        self.assertEqual(Author.objects.count(), 0)


class BylineMigrationTests(TestCase):
    """authors/0002 with its own code: the strings already stored become authors."""

    def run_migration(self, function):
        migration = importlib.import_module("authors.migrations.0002_authors_from_bylines")
        getattr(migration, function)(apps, None)

    def test_byline_strings_become_authors_and_back(self):
        one = make_article(byline="Rita Song")
        two = make_article(byline="  by RITA   song ")
        three = make_article(byline="Omar Haddad")
        none = make_article(byline="")
        self.run_migration("authors_from_bylines")
        self.assertEqual(
            sorted(Author.objects.values_list("name", "slug")),
            [("Omar Haddad", "omar-haddad"), ("Rita Song", "rita-song")],
        )
        for article, name in [(one, "Rita Song"), (two, "Rita Song"), (three, "Omar Haddad")]:
            self.assertEqual(article.authors.get().name, name)
        self.assertFalse(none.authors.exists())
        response = self.client.get(two.get_absolute_url())
        self.assertContains(response, '<a href="/authors/rita-song/" rel="author">Rita Song</a>')
        # Running it again credits no one twice; going back keeps every byline string.
        self.run_migration("authors_from_bylines")
        self.assertEqual(Byline.objects.count(), 3)
        self.run_migration("forget_authors")
        self.assertEqual(Author.objects.count(), 0)
        self.assertEqual(Article.objects.get(pk=two.pk).byline, "  by RITA   song ")


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Test site</title>
  <link>https://news.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://news.example</wp:base_site_url>
  <wp:author><wp:author_login><![CDATA[pquinn]]></wp:author_login>
    <wp:author_display_name><![CDATA[Pat Quinn]]></wp:author_display_name></wp:author>
  <item>
    <title>Lithium prices fall</title>
    <dc:creator><![CDATA[pquinn]]></dc:creator>
    <content:encoded><![CDATA[<p>Prices fell.</p>]]></content:encoded>
    <wp:post_id>1</wp:post_id>
    <wp:post_date_gmt>2024-01-02 09:00:00</wp:post_date_gmt>
    <wp:post_name>lithium-prices-fall</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>
  <item>
    <title>Nickel output rises</title>
    <dc:creator><![CDATA[pquinn]]></dc:creator>
    <content:encoded><![CDATA[<p>Output rose.</p>]]></content:encoded>
    <wp:post_id>2</wp:post_id>
    <wp:post_date_gmt>2024-01-03 09:00:00</wp:post_date_gmt>
    <wp:post_name>nickel-output-rises</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>
</channel>
</rss>
"""
