"""Query budgets of the pages companies and figures add to or change, pinned with one row
and with many: none grows with the articles, companies or figures shown."""

import datetime

from django.db import connection
from django.test import TestCase
from django.urls import reverse

from .factories import confirm, make_article, make_company

DAY = datetime.datetime(2024, 5, 14, 8, 0, tzinfo=datetime.UTC)
# A search takes five queries on either database. On PostgreSQL there is no snippets
# query, and the tags' names and the companies come in the page's query; three more read
# the words' statistics and the window's start and put the planner settings back inside a
# test's transaction (articles/tests/test_queries.py).

# page: (url name, arguments, query string, queries)
PAGES = {
    "company page": ("companies:company-detail", ["acme"], {}, 7),
    "company index": ("companies:company-index", [], {}, 3),
    # The feed's entries name their authors (authors app): one query more.
    "company feed": ("companies:company-feed-atom", ["acme"], {}, 4),
    "search with chips": ("articles:search", [], {"q": "acme"}, 5),
    "search by deal size": (
        "articles:search",
        [],
        {"q": "acme", "currency": "USD", "min": "1000", "sort": "amount"},
        # On PostgreSQL the statistics and the window's start are known from the search
        # before it (kept ten minutes and a minute), so only the tags' and companies'
        # queries go (pinned on both databases).
        6 if connection.vendor != "postgresql" else 4,
    ),
    "tag page with chips": ("articles:tag-detail", ["metals"], {}, 4),
    # Eight with its companies, then its authors and corrections (one each), and a second
    # for related articles (fewer than five share two tags: articles/related.py).
    "article page": ("articles:article-detail", ["story-0"], {}, 11),
    "sitemap of companies": ("sitemap-section", ["companies"], {}, 2),
}


class QueryBudgetTests(TestCase):
    def assert_budgets(self, n):
        acme = make_company("Acme", tickers=[("NYSE", "ACM")])
        acme.slug = "acme"
        acme.save()
        others = [make_company(f"Partner {i}", tickers=[("LSE", f"P{i}")]) for i in range(n)]
        for i in range(n):
            article = make_article(
                title=f"Acme and Partner {i}",
                slug=f"story-{i}",
                body=f"Acme paid ${i + 2} million for a {i + 1}% stake in Partner {i}. "
                "Sales rose 4%.",
                published_at=DAY - datetime.timedelta(days=31 * i),
                tags=["Metals", f"Topic {i}"],
            )
            confirm(article, acme, *others)
        for page, (name, args, params, queries) in PAGES.items():
            with self.subTest(page=page), self.assertNumQueries(queries):
                response = self.client.get(reverse(name, args=args), params)
                self.assertEqual(response.status_code, 200)

    def test_one_row(self):
        """One article, one partner company, its figures."""
        self.assert_budgets(1)

    def test_many_rows(self):
        """Twenty articles over twenty months, twenty companies on each, sixty figures."""
        self.assert_budgets(20)
