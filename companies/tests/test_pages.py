"""The public side: company pages and index, feed, chips and JSON-LD; confirmed links only."""

import datetime
import json
import re

import feedparser
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from companies.models import ArticleCompany

from .factories import confirm, make_article, make_company

DAY = datetime.datetime(2024, 5, 14, 8, 0, tzinfo=datetime.UTC)


def structured_data(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


class CompanyPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.jd = make_company(
            "JD.com",
            aliases=["JD"],
            tickers=[("NASDAQ", "JD"), ("HKEX", "9618")],
            description="Online retailer.",
        )
        cls.tencent = make_company("Tencent")
        cls.walmart = make_company("Walmart")
        cls.older = make_article(
            title="JD sells a stake",
            body="JD sold a 10% stake to Walmart for $1.5 billion.",
            published_at=DAY - datetime.timedelta(days=400),
        )
        cls.newer = make_article(
            title="Tencent invests in JD",
            body="Tencent paid US$215 million for JD shares. Separately, rents rose 3%.",
            published_at=DAY,
        )
        cls.suggested_only = make_article(
            title="JD mentioned in passing", body="JD.", published_at=DAY
        )
        cls.draft = make_article(
            title="JD secret plan", body="JD will pay $9 billion.", status=Article.Status.DRAFT
        )
        confirm(cls.older, cls.jd, cls.walmart)
        confirm(cls.newer, cls.jd, cls.tencent)
        confirm(cls.draft, cls.jd)

    def get(self, company, **params):
        return self.client.get(reverse("companies:company-detail", args=[company.slug]), params)

    def test_articles_newest_first_confirmed_and_published_only(self):
        response = self.get(self.jd)
        self.assertEqual(list(response.context["article_list"]), [self.newer, self.older])
        self.assertNotContains(response, "JD mentioned in passing")
        self.assertNotContains(response, "JD secret plan")
        self.assertContains(response, "NASDAQ: JD")
        self.assertContains(response, "HKEX: 9618")

    def test_articles_are_paginated(self):
        for i in range(11):
            confirm(make_article(title=f"JD note {i}", published_at=DAY), self.jd)
        self.assertEqual(len(self.get(self.jd).context["article_list"]), 10)
        second = self.get(self.jd, page=2)
        self.assertEqual(len(second.context["article_list"]), 3)

    def test_key_figures_stated_with_the_company(self):
        """Amounts and stakes in a sentence naming it; not those of other sentences."""
        response = self.get(self.jd)
        readings = [figure.reading for figure in response.context["key_figures"]]
        self.assertEqual(readings, ["USD 215,000,000", "10% stake", "USD 1,500,000,000"])
        self.assertContains(response, "Key figures mentioned with JD.com")
        self.assertNotContains(response, "9,000,000,000")

    def test_co_mentioned_companies(self):
        response = self.get(self.jd)
        self.assertEqual([c.name for c in response.context["co_mentioned"]], ["Tencent", "Walmart"])
        self.assertContains(
            response,
            f'<a class="company" href="/companies/{self.tencent.slug}/">Tencent</a>',
            html=True,
        )

    def test_coverage_chart_with_text_alternative(self):
        """An SVG with a title and description, and the same numbers as a table."""
        response = self.get(self.jd)
        chart = response.context["chart"]
        self.assertEqual(chart.period, "month")
        self.assertEqual(len(chart.bars), 14)  # April 2023 to May 2024, empty months too
        self.assertEqual(sum(bar.count for bar in chart.bars), 2)
        self.assertContains(response, 'role="img" aria-labelledby="coverage-title coverage-desc"')
        self.assertContains(response, "<td>May 2024</td><td>1</td>", html=True)
        self.assertContains(response, "at most 1 article in a month")

    def test_years_when_coverage_spans_more_than_three_years(self):
        confirm(make_article(title="JD founded", published_at=DAY.replace(year=2014)), self.jd)
        chart = self.get(self.jd).context["chart"]
        self.assertEqual(chart.period, "year")
        self.assertEqual([bar.label for bar in chart.bars][:2], ["2014", "2015"])

    def test_not_public_until_a_published_article_is_confirmed(self):
        """Suggestions and drafts alone do not make a company page (or feed)."""
        hidden = make_company("Secretco")
        ArticleCompany.objects.create(article=self.suggested_only, company=hidden)
        confirm(self.draft, hidden)
        self.assertEqual(self.get(hidden).status_code, 404)
        feed = reverse("companies:company-feed-atom", args=[hidden.slug])
        self.assertEqual(self.client.get(feed).status_code, 404)
        self.assertEqual(self.client.get("/companies/no-such-company/").status_code, 404)

    def test_scheduled_article_does_not_show(self):
        confirm(
            make_article(
                title="JD future", published_at=timezone.now() + datetime.timedelta(days=1)
            ),
            self.jd,
        )
        self.assertNotContains(self.get(self.jd), "JD future")

    def test_atom_feed(self):
        response = self.client.get(reverse("companies:company-feed-atom", args=[self.jd.slug]))
        feed = feedparser.parse(response.content)
        self.assertEqual(feed.feed.title.split(": ")[-1], "JD.com")
        self.assertEqual([e.title for e in feed.entries], [self.newer.title, self.older.title])
        self.assertEqual(feed.version, "atom10")

    def test_sitemap_lists_public_companies(self):
        """Companies with a published, confirmed article, last modified with it."""
        response = self.client.get(reverse("sitemap-section", args=["companies"]))
        body = response.content.decode()
        self.assertEqual(
            re.findall(r"<loc>http://testserver/companies/([^/]+)/</loc>", body),
            ["jdcom", "tencent", "walmart"],
        )
        self.assertIn(f"<lastmod>{self.newer.updated_at:%Y-%m-%d}", body)
        index = self.client.get(reverse("sitemap")).content.decode()
        self.assertIn("sitemap-companies.xml", index)

    def test_index_with_counts(self):
        response = self.client.get(reverse("companies:company-index"))
        self.assertEqual(
            [(c.name, c.article_count) for c in response.context["company_list"]],
            [("JD.com", 2), ("Tencent", 1), ("Walmart", 1)],
        )
        self.assertContains(response, "2 articles")


class ChipsAndStructuredDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.jd = make_company("JD.com", aliases=["JD"], tickers=[("NASDAQ", "JD")])
        cls.tencent = make_company("Tencent", website="https://www.tencent.com/")
        cls.rejected = make_company("Walmart")
        cls.article = make_article(
            title="JD raises funds",
            body="Tencent and Walmart joined JD's round.",
            tags=["Retail"],
        )
        confirm(cls.article, cls.jd, cls.tencent)
        ArticleCompany.objects.filter(company=cls.rejected).update(status="rejected")

    def chips(self, response):
        return re.findall(r'<a class="company" href="[^"]+">([^<]+)</a>', response.content.decode())

    def test_article_page_chips_and_json_ld(self):
        """Named in the title: about; in the text only: mentions; tickers given."""
        response = self.client.get(self.article.get_absolute_url())
        self.assertEqual(self.chips(response), ["JD.com", "Tencent"])
        (article,) = [d for d in structured_data(response) if d["@type"] == "NewsArticle"]
        self.assertEqual(
            article["about"],
            [
                {
                    "@type": "Organization",
                    "name": "JD.com",
                    "url": "http://testserver/companies/jdcom/",
                    "alternateName": ["JD"],
                    "tickerSymbol": "NASDAQ JD",
                }
            ],
        )
        self.assertEqual(
            [(m["name"], m.get("sameAs")) for m in article["mentions"]],
            [("Tencent", "https://www.tencent.com/")],
        )

    def test_no_companies_no_section(self):
        response = self.client.get(make_article(title="Plain").get_absolute_url())
        self.assertNotContains(response, "companies-heading")
        (article,) = [d for d in structured_data(response) if d["@type"] == "NewsArticle"]
        self.assertNotIn("about", article)

    def test_search_results_and_tag_pages_show_confirmed_chips(self):
        search = self.client.get(reverse("articles:search"), {"q": "raises"})
        self.assertEqual(self.chips(search), ["JD.com", "Tencent"])
        tag = self.client.get(reverse("articles:tag-detail", args=["retail"]))
        self.assertEqual(self.chips(tag), ["JD.com", "Tencent"])

    def test_a_confirmation_reaches_cached_pages(self):
        """Writes to the companies' tables reach the page cache."""
        from pagecache.statements import written_table

        self.assertEqual(
            written_table('UPDATE "companies_articlecompany" SET "status" = %s'),
            "companies_articlecompany",
        )
        self.assertEqual(
            written_table('DELETE FROM "figures_keyfigure" WHERE 1'), "figures_keyfigure"
        )
