"""Query budgets of the pages the other query tests leave out: feeds, sitemap, archives, robots.

Each page runs a fixed number of queries, pinned here, with one article and with thirty
(tags and comments included): none grows with its rows. With the page cache on, a cached
page runs none at all (test_page_cache.py).
"""

import datetime

from django.test import TestCase
from django.urls import reverse

from .factories import make_article, make_comment

DAY = datetime.datetime(2019, 5, 14, 8, 0, tzinfo=datetime.UTC)

# page: (url name, arguments, queries), measured with one article and with thirty.
# Article feeds: the entries (with their latest correction's date), their tags, their authors.
PAGES = {
    "atom feed": ("articles:feed-atom", [], 3),
    "rss feed": ("articles:feed-rss", [], 3),
    "tag atom feed": ("articles:tag-feed-atom", ["metals"], 5),
    "tag rss feed": ("articles:tag-feed-rss", ["metals"], 5),
    "comments feed": ("articles:comments-feed", [], 1),
    "article comments feed": ("articles:article-comments-feed", ["story-0"], 2),
    "year archive": ("articles:archive-year", [2019], 7),
    "day archive": ("articles:archive-day", [2019, 5, 14], 8),
    # Two of them for the companies section (its size, its latest change).
    "sitemap index": ("sitemap", [], 6),
    "sitemap of articles": ("sitemap-section", ["articles"], 2),
    "sitemap of tags": ("sitemap-section", ["tags"], 1),
    "robots.txt": ("robots-txt", [], 0),
}


class QueryBudgetTests(TestCase):
    def assert_budgets(self, n_articles):
        for i in range(n_articles):
            article = make_article(
                title=f"Story {i}",
                slug=f"story-{i}",
                published_at=DAY - datetime.timedelta(minutes=i),
                tags=["Metals", f"Topic {i}"],
            )
            for _ in range(3):
                make_comment(article)
        for page, (name, args, queries) in PAGES.items():
            with self.subTest(page=page), self.assertNumQueries(queries):
                self.assertEqual(self.client.get(reverse(name, args=args)).status_code, 200)

    def test_one_article(self):
        """Every page's budget with one article, three comments, two tags."""
        self.assert_budgets(1)

    def test_thirty_articles(self):
        """The same budgets with thirty articles, ninety comments, thirty-one tags."""
        self.assert_budgets(30)
