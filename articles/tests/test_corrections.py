"""Corrections, updates and clarifications: under the article, in its JSON-LD, the feeds,
the sitemap and /corrections/; a material change without one is flagged in the admin."""

import datetime
import json
import re

import feedparser
import time_machine
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from authors.credits import credit
from corrections.changes import is_material
from corrections.models import Correction

from .factories import make_article

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
PUBLISHED = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC)
CORRECTED = datetime.datetime(2025, 3, 4, 15, 30, tzinfo=datetime.UTC)


def news_article_ld(response):
    blocks = [json.loads(b) for b in LD_JSON.findall(response.content.decode())]
    return next(block for block in blocks if block["@type"] == "NewsArticle")


class CorrectionDisplayTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with time_machine.travel(PUBLISHED, tick=False):
            cls.article = make_article(
                title="Retailer profits rise", slug="retailer-profits-rise", published_at=PUBLISHED
            )
        cls.note = Correction.objects.create(
            article=cls.article,
            date=CORRECTED,
            kind=Correction.Kind.CORRECTION,
            text="An earlier version gave the profit as £12m; it was £1.2m.",
        )
        Correction.objects.create(
            article=cls.article,
            date=CORRECTED + datetime.timedelta(days=1),
            kind=Correction.Kind.UPDATE,
            text="The company has since confirmed the figures.",
        )

    def test_notes_appear_under_the_article_with_kind_and_date(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, "Corrections and updates")
        self.assertContains(
            response,
            f'<li id="correction-{self.note.pk}" '
            'class="corrections__item corrections__item--correction">'
            '<p class="corrections__meta"><strong>Correction</strong>, '
            '<time datetime="2025-03-04T15:30:00+00:00">4 March 2025</time>:</p>'
            '<div class="corrections__text"><p>An earlier version gave the profit as £12m; '
            "it was £1.2m.</p></div></li>",
            html=True,
        )
        self.assertContains(response, "The company has since confirmed the figures.")

    def test_json_ld_has_date_modified_and_the_corrections(self):
        data = news_article_ld(self.client.get(self.article.get_absolute_url()))
        self.assertEqual(data["dateModified"], "2025-03-05T15:30:00Z")
        self.assertEqual(
            data["correction"][0],
            {
                "@type": "CorrectionComment",
                "name": "Correction",
                "text": "An earlier version gave the profit as £12m; it was £1.2m.",
                "datePublished": "2025-03-04T15:30:00Z",
            },
        )
        self.assertEqual(len(data["correction"]), 2)

    def test_article_feed_entry_is_updated_by_its_latest_note(self):
        feed = feedparser.parse(self.client.get(reverse("articles:feed-atom")).content)
        entry = next(e for e in feed.entries if e.title == "Retailer profits rise")
        self.assertEqual(entry.updated_parsed[:5], (2025, 3, 5, 15, 30))

    def test_sitemap_lastmod_is_the_latest_note(self):
        response = self.client.get(reverse("sitemap-section", args=["articles"]))
        self.assertContains(response, "<lastmod>2025-03-05</lastmod>")

    def test_an_article_without_notes_has_no_section(self):
        response = self.client.get(make_article().get_absolute_url())
        self.assertNotContains(response, "Corrections and updates")
        self.assertNotIn("correction", news_article_ld(response))


class CorrectionsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        article = make_article(title="Bank results")
        for day in range(25):
            Correction.objects.create(
                article=article,
                date=CORRECTED + datetime.timedelta(days=day),
                kind=Correction.Kind.CLARIFICATION,
                text=f"Clarification number {day:02d}.",
            )
        draft = make_article(title="Secret draft", status=Article.Status.DRAFT)
        Correction.objects.create(article=draft, text="A note on a draft.")

    def test_page_lists_every_public_note_newest_first_by_page(self):
        response = self.client.get(reverse("corrections:correction-list"))
        texts = [c.text for c in response.context["correction_list"]]
        self.assertEqual(texts[0], "Clarification number 24.")
        self.assertEqual(len(texts), 20)
        self.assertNotContains(response, "A note on a draft")
        self.assertNotContains(response, "Secret draft")
        self.assertContains(response, '<a href="/articles/bank-results/#correction-')
        second = self.client.get(reverse("corrections:correction-list"), {"page": 2})
        self.assertEqual(second.context["correction_list"][4].text, "Clarification number 00.")

    def test_feed_lists_the_latest_notes(self):
        response = self.client.get(reverse("corrections:correction-feed"))
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        self.assertEqual(feed.entries[0].title, "Clarification: Bank results")
        self.assertNotIn("A note on a draft", response.content.decode())

    def test_query_count_does_not_grow_with_notes(self):
        with self.assertNumQueries(2):
            self.client.get(reverse("corrections:correction-list"))


class ArticlePageQueryTests(TestCase):
    def assert_queries(self, corrections, authors):
        article = make_article(tags=["Retail"])
        credit(article, [f"Author {n}" for n in range(authors)])
        for n in range(corrections):
            Correction.objects.create(article=article, text=f"Note {n}.")
        # The article, authors, notes, comments, tags, published copies, related articles
        # (two: none shares two tags), confirmed companies, key figures.
        with self.assertNumQueries(10):
            response = self.client.get(article.get_absolute_url())
        self.assertEqual(len(response.context["article"].corrections.all()), corrections)
        self.assertContains(response, 'rel="author"', count=authors)

    def test_no_notes_and_one_author(self):
        self.assert_queries(0, 1)

    def test_ten_notes_and_five_authors(self):
        self.assert_queries(10, 5)


class MaterialChangeTests(TestCase):
    def test_what_counts_as_material(self):
        old = "<p>Profits rose to £1.2m in the year to March, the company said.</p>"
        cases = {
            "<p>Profits rose to £12m in the year to March, the company said.</p>": True,
            "<p>Profits rose to £1.2m in the year to April, the company said.</p>": False,
            "<p>Profits <em>rose</em> to £1.2m in the year to March, the company said!</p>": False,
            "<p>Profits rose to £1.2m in the year to March, the company's chief executive "
            "told analysts on Tuesday.</p>": True,
        }
        for new, material in cases.items():
            with self.subTest(new=new):
                self.assertIs(is_material(old, new), material)


class AdminCorrectionTests(TestCase):
    WARNING = "changed materially"

    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser(
            "editor", "editor@example.com", "a-long-test-password"
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def save(self, article, body, notes=(), note_date="2026-01-05"):
        data = {
            "title": article.title,
            "slug": article.slug,
            "body": body,
            "status": article.status,
            "published_at_0": article.published_at.strftime("%Y-%m-%d"),
            "published_at_1": article.published_at.strftime("%H:%M:%S"),
            "corrections-TOTAL_FORMS": str(len(notes)),
            "corrections-INITIAL_FORMS": "0",
        }
        for n, text in enumerate(notes):
            data |= {
                f"corrections-{n}-date_0": note_date,
                f"corrections-{n}-date_1": "10:00:00",
                f"corrections-{n}-kind": "correction",
                f"corrections-{n}-text": text,
            }
        url = reverse("admin:articles_article_change", args=[article.pk])
        return self.client.post(url, data, follow=True)

    def test_material_change_to_a_published_article_asks_for_a_note(self):
        article = make_article(body="Output was 40,000 tonnes.")
        response = self.save(article, "Output was 4,000 tonnes.")
        self.assertContains(response, self.WARNING)
        self.assertEqual(Article.objects.get(pk=article.pk).body, "Output was 4,000 tonnes.")

    def test_a_note_dated_in_the_future_is_refused(self):
        """It would show as the article's dateModified and lastmod until that day."""
        article = make_article(body="Output was 40,000 tonnes.")
        ahead = (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d")
        response = self.save(
            article, "Output was 4,000 tonnes.", notes=["Not 40,000."], note_date=ahead
        )
        self.assertContains(response, "A correction cannot be dated in the future.")
        self.assertFalse(article.corrections.exists())
        self.assertEqual(Article.objects.get(pk=article.pk).body, "Output was 40,000 tonnes.")

    def test_a_note_added_with_the_change_satisfies_it(self):
        article = make_article(body="Output was 40,000 tonnes.")
        response = self.save(
            article, "Output was 4,000 tonnes.", notes=["Output was 4,000 tonnes, not 40,000."]
        )
        self.assertNotContains(response, self.WARNING)
        self.assertEqual(article.corrections.get().text, "Output was 4,000 tonnes, not 40,000.")
        page = self.client.get(article.get_absolute_url())
        self.assertContains(page, "Output was 4,000 tonnes, not 40,000.")

    def test_drafts_and_small_edits_need_no_note(self):
        draft = make_article(body="Output was 40,000 tonnes.", status=Article.Status.DRAFT)
        self.assertNotContains(self.save(draft, "Output was 4,000 tonnes."), self.WARNING)
        published = make_article(body="Output was 40,000 tonnes.")
        self.assertNotContains(self.save(published, "Output was 40,000 tonnes!"), self.WARNING)

    def test_corrections_admin_lists_them(self):
        article = make_article(title="Shipping rates")
        Correction.objects.create(article=article, text="Fixed the rate.")
        response = self.client.get(reverse("admin:corrections_correction_changelist"))
        self.assertContains(response, "Shipping rates")
