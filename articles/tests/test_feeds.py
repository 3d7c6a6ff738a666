"""Atom and RSS feeds, site-wide and per tag: valid, full text, 20 items, no email address."""

import datetime
import re

import feedparser
from django.test import TestCase
from django.urls import reverse

from articles.models import Article

from .factories import make_article

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        base = datetime.datetime(2018, 6, 1, 9, 0, tzinfo=datetime.UTC)
        for i in range(25):
            make_article(
                title=f"Story {i:02d}",
                body=f"Full text of story {i} with <em>emphasis</em>.\n\nSecond paragraph {i}.",
                byline="A. Reporter",
                published_at=base + datetime.timedelta(days=i),
                tags=["Markets"] if i % 2 else ["Banks"],
            )
        make_article(title="Unpublished draft", status=Article.Status.DRAFT, tags=["Markets"])
        cls.urls = [
            reverse("articles:feed-atom"),
            reverse("articles:feed-rss"),
            reverse("articles:tag-feed-atom", args=["markets"]),
            reverse("articles:tag-feed-rss", args=["markets"]),
        ]

    def parse(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        return response, feed

    def test_feeds_are_valid_and_hold_twenty_newest_items(self):
        """Each feed parses without error and holds at most 20 items, newest first."""
        for url in self.urls[:2]:
            with self.subTest(url=url):
                _, feed = self.parse(url)
                self.assertEqual(len(feed.entries), 20)
                self.assertEqual(feed.entries[0].title, "Story 24")
                self.assertNotIn("Unpublished draft", [e.title for e in feed.entries])

    def test_tag_feeds_hold_only_the_tag(self):
        """A tag feed lists only that tag's public articles."""
        for url in self.urls[2:]:
            with self.subTest(url=url):
                _, feed = self.parse(url)
                self.assertEqual(len(feed.entries), 12)
                self.assertTrue(all(int(e.title[-2:]) % 2 for e in feed.entries))
                self.assertIn("Markets", feed.feed.title)

    def test_full_text_dates_and_ids(self):
        """Entries carry the full body, the publication and update dates, and a stable id."""
        for url in self.urls[:2]:
            with self.subTest(url=url):
                _, feed = self.parse(url)
                entry = feed.entries[0]
                self.assertIn("<em>emphasis</em>", entry.content[0].value)
                self.assertIn("Second paragraph 24", entry.content[0].value)
                self.assertEqual(entry.published_parsed[:3], (2018, 6, 25))
                self.assertTrue(entry.link.endswith("/articles/story-24/"))
                article = Article.objects.get(title="Story 24")
                self.assertEqual(entry.id, f"tag:testserver,2018-06-25:article/{article.pk}")

    def test_atom_has_updated_dates(self):
        """Atom entries carry <updated> from the article's last change."""
        _, feed = self.parse(self.urls[0])
        article = Article.objects.get(title="Story 24")
        self.assertEqual(feed.entries[0].updated_parsed[:3], article.updated_at.timetuple()[:3])

    def test_id_survives_a_slug_change(self):
        """Renaming an article does not turn it into a new feed entry."""
        _, before = self.parse(self.urls[0])
        article = Article.objects.get(title="Story 24")
        article.slug = "story-twenty-four"
        article.save()
        _, after = self.parse(self.urls[0])
        self.assertEqual(before.entries[0].id, after.entries[0].id)
        self.assertTrue(after.entries[0].link.endswith("/articles/story-twenty-four/"))

    def test_no_email_address_anywhere(self):
        """No feed contains anything that looks like an email address."""
        for url in self.urls:
            with self.subTest(url=url):
                response, feed = self.parse(url)
                self.assertIsNone(EMAIL.search(response.content.decode()))
                self.assertEqual(feed.entries[0].author, "A. Reporter")

    def test_pages_link_to_their_feeds(self):
        """Pages announce the site feeds; tag pages their own feeds too."""
        home = self.client.get(reverse("articles:article-list"))
        self.assertContains(
            home,
            '<link rel="alternate" type="application/atom+xml" '
            'title="Business News Archive (Atom)" href="/feeds/atom/">',
            html=True,
        )
        self.assertContains(home, 'type="application/rss+xml"')
        tag_page = self.client.get(reverse("articles:tag-detail", args=["markets"]))
        self.assertContains(tag_page, 'href="/feeds/tags/markets/atom/"')
        self.assertContains(tag_page, 'href="/feeds/tags/markets/rss/"')

    def test_unknown_tag_feed_is_not_found(self):
        """A feed for a tag that does not exist is a 404."""
        self.assertEqual(self.client.get("/feeds/tags/nothing/rss/").status_code, 404)
