"""Date archives: the archive index with monthly counts, year, month and day pages."""

import datetime

from django.test import TestCase
from django.urls import reverse

from articles.models import Article

from .factories import make_article


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=datetime.UTC)


class ArchiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.june_a = make_article(title="Copper climbs", published_at=at(2018, 6, 28))
        cls.june_b = make_article(title="Zinc slips", published_at=at(2018, 6, 3))
        cls.july = make_article(title="Banks report", published_at=at(2018, 7, 2))
        cls.old = make_article(title="Old news", published_at=at(2016, 1, 15))
        make_article(title="Draft story", published_at=at(2018, 6, 20), status="draft")

    def test_index_counts_articles_per_month(self):
        """/archive/ lists each month with its number of public articles, newest first."""
        response = self.client.get(reverse("articles:archive"))
        self.assertContains(
            response,
            '<li><a href="/2018/06/">June</a> <span class="count">2 articles</span></li>',
            html=True,
        )
        self.assertContains(
            response,
            '<li><a href="/2018/07/">July</a> <span class="count">1 article</span></li>',
            html=True,
        )
        self.assertContains(response, '<a href="/2016/">2016</a>', html=True)
        years = [year for year, _ in response.context["years"]]
        self.assertEqual(years, [2018, 2016])

    def test_year_month_and_day_pages(self):
        """Each archive page lists exactly the public articles of its period."""
        cases = {
            reverse("articles:archive-year", args=[2018]): [
                "Banks report",
                "Copper climbs",
                "Zinc slips",
            ],
            reverse("articles:archive-month", args=[2018, 6]): ["Copper climbs", "Zinc slips"],
            reverse("articles:archive-day", args=[2018, 6, 28]): ["Copper climbs"],
        }
        for url, titles in cases.items():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual([a.title for a in response.context["article_list"]], titles)
                self.assertNotContains(response, "Draft story")

    def test_month_urls_are_numeric(self):
        """Months are numbers in the address: /2018/06/ (and /2018/6/ works too)."""
        self.assertEqual(reverse("articles:archive-month", args=[2018, 6]), "/2018/06/")
        self.assertContains(self.client.get("/2018/6/"), "June 2018")

    def test_month_page_links_to_neighbouring_months(self):
        """A month page links to the previous and next months that have articles."""
        response = self.client.get(reverse("articles:archive-month", args=[2018, 6]))
        self.assertContains(
            response, '<a href="/2018/07/" rel="next">July 2018 &rarr;</a>', html=True
        )
        self.assertContains(
            response, '<a href="/2016/01/" rel="prev">&larr; January 2016</a>', html=True
        )

    def test_impossible_and_empty_dates_answer_404(self):
        """Bad dates are not found, never a server error."""
        for url in [
            "/2018/13/",
            "/2018/00/",
            "/2018/02/30/",
            "/2018/06/31/",
            "/2018/06/00/",
            "/99999/",
            "/" + "9" * 30 + "/",
            "/0000/",
            "/9999/12/31/",
            "/0001/01/01/",
            "/2017/",
            "/2018/08/",
            "/2018/6/28/junk/",
            "/2018/123/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_future_articles_are_not_in_archives(self):
        """A scheduled article stays out of the archives until its time."""
        future = make_article(title="Tomorrow's news", published_at=at(2099, 1, 1))
        self.assertEqual(self.client.get("/2099/").status_code, 404)
        self.assertNotContains(self.client.get(reverse("articles:archive")), "2099")
        Article.objects.filter(pk=future.pk).delete()

    def test_archive_paginates(self):
        """A busy month is split into pages of 20."""
        for i in range(21):
            make_article(title=f"Busy {i}", published_at=at(2015, 3, 1 + i % 28))
        url = reverse("articles:archive-month", args=[2015, 3])
        self.assertEqual(len(self.client.get(url).context["article_list"]), 20)
        self.assertEqual(len(self.client.get(url, {"page": 2}).context["article_list"]), 1)
        self.assertEqual(self.client.get(url, {"page": 3}).status_code, 404)

    def test_other_root_paths_are_not_taken_by_archives(self):
        """Archive patterns only match digits: admin, tags, search, feeds, sitemap still answer."""
        for url, status in [
            ("/tags/", 200),
            ("/search/", 200),
            ("/feeds/atom/", 200),
            ("/sitemap.xml", 200),
            ("/robots.txt", 200),
            ("/admin/", 302),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, status)
