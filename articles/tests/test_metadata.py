"""Metadata for search engines and sharing: titles, descriptions, canonical links, JSON-LD."""

import datetime
import json
import re

from django.test import TestCase
from django.urls import reverse

from .factories import make_article, make_comment

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def structured_data(response):
    return [json.loads(block) for block in LD_JSON.findall(response.content.decode())]


class ArticleMetadataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title="Copper </script><script>alert(1)</script> climbs",
            slug="copper-climbs",
            standfirst="Mines in two countries halted output & prices rose.",
            byline="Jane Reporter",
            published_at=datetime.datetime(2018, 6, 28, 9, 0, tzinfo=datetime.UTC),
            tags=["Commodities", "Chile"],
        )
        make_comment(cls.article, author_email="reader@example.org")
        make_comment(cls.article, author_email="other@example.org")

    def setUp(self):
        self.response = self.client.get(self.article.get_absolute_url())

    def test_title_description_canonical(self):
        """The page has its own title, a description from the standfirst and a canonical link."""
        self.assertContains(
            self.response,
            "<title>Copper &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; climbs · "
            "Business News Archive</title>",
        )
        self.assertContains(
            self.response,
            '<meta name="description" '
            'content="Mines in two countries halted output &amp; prices rose.">',
        )
        self.assertContains(
            self.response, '<link rel="canonical" href="http://testserver/articles/copper-climbs/">'
        )

    def test_opengraph_and_twitter(self):
        """OpenGraph and Twitter card tags describe the article."""
        for tag in [
            '<meta property="og:type" content="article">',
            '<meta property="og:url" content="http://testserver/articles/copper-climbs/">',
            '<meta property="article:published_time" content="2018-06-28T09:00:00+00:00">',
            '<meta property="article:tag" content="Commodities">',
            '<meta name="twitter:card" content="summary">',
            '<meta name="twitter:description" '
            'content="Mines in two countries halted output &amp; prices rose.">',
        ]:
            with self.subTest(tag=tag):
                self.assertContains(self.response, tag)

    def test_news_article_json_ld(self):
        """JSON-LD NewsArticle has every field search engines use, and parses as JSON."""
        article = next(d for d in structured_data(self.response) if d["@type"] == "NewsArticle")
        self.assertEqual(article["headline"], self.article.title)
        self.assertEqual(article["datePublished"], "2018-06-28T09:00:00Z")
        self.assertIn("dateModified", article)
        self.assertEqual(article["author"], {"@type": "Person", "name": "Jane Reporter"})
        self.assertEqual(article["publisher"]["name"], "Business News Archive")
        self.assertEqual(article["keywords"], ["Commodities", "Chile"])
        self.assertEqual(article["url"], "http://testserver/articles/copper-climbs/")
        self.assertEqual(article["commentCount"], 2)

    def test_json_ld_cannot_close_its_script_element(self):
        """Article text inside JSON-LD is escaped so it cannot end the script element."""
        for block in LD_JSON.findall(self.response.content.decode()):
            self.assertNotIn("<", block)
            self.assertNotIn(">", block)
        self.assertNotContains(self.response, "<script>alert(1)</script>")

    def test_breadcrumbs_visible_and_structured(self):
        """Home › year › month › article, shown and as a BreadcrumbList."""
        self.assertContains(self.response, '<a href="/2018/">2018</a>', html=True)
        self.assertContains(self.response, '<a href="/2018/06/">June 2018</a>', html=True)
        crumbs = next(d for d in structured_data(self.response) if d["@type"] == "BreadcrumbList")
        names = [item["name"] for item in crumbs["itemListElement"]]
        self.assertEqual(names, ["Home", "2018", "June 2018", self.article.title])
        self.assertEqual(crumbs["itemListElement"][1]["item"], "http://testserver/2018/")

    def test_no_email_address_in_the_page(self):
        """No commenter's address appears anywhere, metadata included."""
        self.assertIsNone(EMAIL.search(self.response.content.decode()))


class PageMetadataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for i in range(12):
            make_article(title=f"Story {i}", tags=["Markets"])

    def test_every_page_has_its_own_title_description_and_canonical(self):
        """Each kind of page has a specific title, a description and a canonical link."""
        year = make_article(published_at=datetime.datetime(2018, 6, 28, tzinfo=datetime.UTC))
        del year
        pages = {
            reverse("articles:article-list"): "<title>Business News Archive</title>",
            reverse("articles:tag-index"): "<title>Tags · Business News Archive</title>",
            reverse("articles:tag-detail", args=["markets"]): "<title>Tag: Markets · ",
            reverse("articles:archive"): "<title>Archive · Business News Archive</title>",
            "/2018/": "<title>2018 · Archive · ",
            "/2018/06/": "<title>June 2018 · Archive · ",
            "/2018/06/28/": "<title>28 June 2018 · Archive · ",
            reverse("articles:search") + "?q=story": "<title>Search: story · ",
        }
        for url, title in pages.items():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, title)
                self.assertContains(response, '<meta name="description" content="')
                self.assertContains(response, '<link rel="canonical" href="http://testserver/')

    def test_canonical_keeps_only_the_page_number(self):
        """Page 2 of a list is its own canonical page; other query strings are dropped."""
        response = self.client.get(reverse("articles:article-list"), {"page": 2, "utm": "x"})
        self.assertContains(response, '<link rel="canonical" href="http://testserver/?page=2">')
        response = self.client.get(reverse("articles:article-list"), {"utm": "x"})
        self.assertContains(response, '<link rel="canonical" href="http://testserver/">')

    def test_search_pages_are_not_indexed(self):
        """Search results ask search engines not to index them."""
        response = self.client.get(reverse("articles:search"), {"q": "story"})
        self.assertContains(response, '<meta name="robots" content="noindex, follow">')
