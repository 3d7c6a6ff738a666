"""The lead image on public pages: the article page, lists, link previews, JSON-LD, feeds."""

import json
import re

import feedparser
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.tests import test_queries
from articles.tests.factories import make_article

from .factories import make_image, picture_bytes


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.image = make_image(
            picture_bytes(2000, 1000),
            alt_text="Bar chart of quarterly revenue",
            caption="Revenue rose in every quarter.",
            credit="Chart: the newsroom",
        )
        cls.article = make_article(title="Revenue up", lead_image=cls.image)

    def get(self):
        return self.client.get(self.article.get_absolute_url())

    def test_lead_image_as_picture_with_renditions(self):
        """The lead image is a <picture>: WebP and JPEG srcsets, sizes, width and height."""
        content = self.get().content.decode()
        picture = re.search(r"<picture>.*?</picture>", content, re.S).group(0)
        renditions = self.image.renditions
        webp = ", ".join(f"{r.url} {r.width}w" for r in renditions.webp)
        jpeg = ", ".join(f"{r.url} {r.width}w" for r in renditions.fallback)
        self.assertIn(f'<source type="image/webp" srcset="{webp}"', picture)
        self.assertIn(f'srcset="{jpeg}"', picture)
        self.assertIn("400w", picture)
        self.assertIn("1600w", picture)
        self.assertIn('width="1600" height="800"', picture)
        self.assertIn('alt="Bar chart of quarterly revenue"', picture)
        self.assertIn('fetchpriority="high"', picture)
        self.assertNotIn('loading="lazy"', picture)

    def test_caption_and_credit(self):
        """The caption and credit are shown under the picture."""
        self.assertContains(
            self.get(),
            '<figcaption>Revenue rose in every quarter. <span class="credit">Chart: the '
            "newsroom</span></figcaption>",
            html=True,
        )

    def test_original_never_served(self):
        """No page points at the uploaded original."""
        content = self.get().content.decode()
        self.assertNotIn(self.image.file.url, content)
        self.assertNotIn("/originals/", content)

    def test_link_previews(self):
        """og:image and twitter:image give an absolute JPEG rendition, with its size and alt."""
        response = self.get()
        url = "http://testserver" + self.image.renditions.closest(1200).url
        self.assertContains(response, f'<meta property="og:image" content="{url}">', html=True)
        self.assertContains(response, '<meta property="og:image:width" content="1200">')
        self.assertContains(response, '<meta property="og:image:height" content="600">')
        self.assertContains(response, '<meta property="og:image:type" content="image/jpeg">')
        self.assertContains(
            response, '<meta name="twitter:card" content="summary_large_image">', html=True
        )
        self.assertContains(response, f'<meta name="twitter:image" content="{url}">', html=True)
        self.assertContains(
            response,
            '<meta property="og:image:alt" content="Bar chart of quarterly revenue">',
            html=True,
        )

    def test_json_ld_image(self):
        """The NewsArticle's image is the absolute address of a rendition, with its size."""
        article = next(d for d in json_ld(self.get()) if d["@type"] == "NewsArticle")
        self.assertEqual(
            article["image"],
            {
                "@type": "ImageObject",
                "url": "http://testserver" + self.image.renditions.closest(1200).url,
                "width": 1200,
                "height": 600,
                "caption": "Revenue rose in every quarter.",
            },
        )

    def test_decorative_image_has_empty_alt(self):
        """A decorative lead image gets alt="" and no og:image:alt."""
        image = make_image(picture_bytes(800, 400), alt_text="", decorative=True)
        article = make_article(lead_image=image)
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, 'alt=""')
        self.assertNotContains(response, "og:image:alt")

    def test_without_lead_image(self):
        """An article without a lead image has no picture and a plain summary card."""
        article = make_article()
        response = self.client.get(article.get_absolute_url())
        self.assertNotContains(response, "<picture")
        self.assertNotContains(response, "og:image")
        self.assertContains(response, '<meta name="twitter:card" content="summary">', html=True)
        self.assertNotIn("image", next(d for d in json_ld(response) if d["@type"] == "NewsArticle"))


class ListTests(TestCase):
    def test_thumbnails_in_lists_are_lazy(self):
        """Lists show each lead image as a small lazy-loading picture."""
        image = make_image(picture_bytes(900, 600), alt_text="A factory at dawn")
        make_article(lead_image=image)
        response = self.client.get(reverse("articles:article-list"))
        content = response.content.decode()
        picture = re.search(r'<picture class="summary__image">.*?</picture>', content, re.S)
        self.assertIsNotNone(picture)
        self.assertIn('loading="lazy"', picture.group(0))
        self.assertIn('sizes="8rem"', picture.group(0))
        self.assertIn('alt="A factory at dawn"', picture.group(0))


class ListQueryCountTests(TestCase):
    """Lead images come with the articles (a join): lists run the same queries as without."""

    # The lists' budgets in articles/tests/test_queries.py.
    LIST_QUERIES = test_queries.HomeAndTagQueryCountTests.LIST_QUERIES
    TAG_QUERIES = test_queries.HomeAndTagQueryCountTests.TAG_QUERIES

    def feed_queries_without_images(self):
        """The feed's own budget (it has no pinned constant): measured with an article
        without a lead image."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        make_article(tags=["Markets"])
        with CaptureQueriesContext(connection) as queries:
            self.client.get(reverse("articles:feed-rss"))
        return len(queries)

    def assert_queries(self, n_articles):
        feed_queries = self.feed_queries_without_images()
        for _ in range(n_articles):
            image = make_image(picture_bytes(600, 400))
            make_article(lead_image=image, tags=["Markets"])
        for url, expected in [
            (reverse("articles:article-list"), self.LIST_QUERIES),
            (reverse("articles:tag-detail", args=["markets"]), self.TAG_QUERIES),
            (reverse("articles:feed-rss"), feed_queries),
        ]:
            with self.subTest(url=url), self.assertNumQueries(expected):
                response = self.client.get(url)
            self.assertIn(b"/renditions/", response.content)

    def test_one_article(self):
        self.assert_queries(1)

    def test_twelve_articles(self):
        self.assert_queries(12)


class ArticlePageQueryCountTests(TestCase):
    # The article page's budget without tags (articles/tests/test_queries.py: no related
    # articles, which take two queries with tags): the lead image comes with the article,
    # in the same query.
    WITHOUT_TAGS = test_queries.ArticlePageQueryCountTests.DETAIL_QUERIES - 2

    def test_lead_image_costs_no_query(self):
        """The article page with a lead image runs the same queries as without."""
        article = make_article(lead_image=make_image(picture_bytes(600, 400)))
        with self.assertNumQueries(self.WITHOUT_TAGS):
            self.client.get(article.get_absolute_url())

    def test_body_images_in_one_query(self):
        """Library images in the body cost one query, for one image as for five."""
        for count in (1, 5):
            images = [make_image(picture_bytes(600, 400)) for _ in range(count)]
            body = "\n\n".join(f'<img src="/x.jpg" alt="" data-image="{i.pk}">' for i in images)
            article = make_article(body=body)
            with self.assertNumQueries(self.WITHOUT_TAGS + 1):
                response = self.client.get(article.get_absolute_url())
            self.assertContains(response, 'loading="lazy"', count=count)
            for image in images:
                self.assertContains(response, image.renditions.webp[0].url)


class FeedTests(TestCase):
    def test_feeds_carry_media_content(self):
        """RSS and Atom items carry the lead image as media:content, absolute, with its size."""
        image = make_image(picture_bytes(2000, 1000))
        make_article(lead_image=image)
        url = "http://testserver" + image.renditions.closest(1200).url
        for name in ["articles:feed-rss", "articles:feed-atom"]:
            with self.subTest(feed=name):
                feed = feedparser.parse(self.client.get(reverse(name)).content)
                entry = feed.entries[0]
                self.assertEqual(entry.media_content[0]["url"], url)
                self.assertEqual(entry.media_content[0]["width"], "1200")
                self.assertEqual(entry.media_content[0]["type"], "image/jpeg")


@override_settings(PAGE_CACHE_TIMEOUT=600)
class PageCacheTests(TestCase):
    def test_changed_alt_text_shows_on_cached_pages(self):
        """A new alt text or caption shows at once on cached pages that show the image."""
        image = make_image(picture_bytes(800, 400), alt_text="Old words", caption="Old caption")
        article = make_article(lead_image=image)
        pages = [article.get_absolute_url(), reverse("articles:article-list")]
        for url in pages:
            self.client.get(url)
            self.assertContains(self.client.get(url), "Old words")
        image.alt_text = "New words"
        image.caption = "New caption"
        image.save()
        for url in pages:
            self.assertContains(self.client.get(url), "New words")
        self.assertContains(self.client.get(pages[0]), "New caption")
