"""The search page at /search/: counts, filters, pages, facets and bad input."""

from django.test import TestCase
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article

from .factories import make_article
from .test_search import at, titles


class SearchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Bodies without digits: the factory's default body numbers its articles, so a
        # search for "1" would find article 1 only when this class runs first.
        body = "Prices moved.\n\nTraders watched."
        for year in (2017, 2018, 2018):
            make_article(
                title=f"Copper report {year}",
                body=body,
                tags=["Commodities"],
                published_at=at(year),
            )
        make_article(title="Copper and banks", body=body, tags=["Banks"], published_at=at(2018, 3))
        make_article(title="Banks only", body=body, tags=["Banks"], published_at=at(2018, 4))

    def get(self, **params):
        return self.client.get(reverse("articles:search"), params)

    def test_results_with_counts_and_facets(self):
        """The page shows the number of results and counts by year and by tag."""
        response = self.get(q="copper")
        self.assertContains(response, "4 results for “copper”")
        self.assertEqual(
            [(row["year"], row["article_count"]) for row in response.context["year_facets"]],
            [(2018, 3), (2017, 1)],
        )
        self.assertEqual(
            [(t["name"], t["article_count"]) for t in response.context["tag_facets"]],
            [("Commodities", 3), ("Banks", 1)],
        )
        self.assertContains(response, '<a href="?q=copper&amp;year=2017">2017</a>', html=True)

    def test_current_filter_marked(self):
        """The facet of the filter in use is marked current; a tag's name is escaped."""
        Tag.objects.filter(slug="banks").update(name="Banks & <Loans>")
        response = self.get(q="copper", tag="banks")
        link = '<a href="?q=copper&amp;tag=banks" aria-current="true">Banks &amp; &lt;Loans&gt;</a>'
        self.assertContains(response, link, html=True)
        self.assertContains(response, '<a href="?q=copper&amp;tag=banks&amp;year=2018">2018</a>')
        response = self.get(q="copper", year=2017)
        link = '<a href="?q=copper&amp;year=2017" aria-current="true">2017</a>'
        self.assertContains(response, link, html=True)

    def test_filters_by_tag_and_year(self):
        """tag= and year= narrow the results."""
        self.assertEqual(
            titles(self.get(q="copper", tag="banks").context["article_list"]),
            ["Copper and banks"],
        )
        response = self.get(q="copper", year=2017)
        self.assertEqual(titles(response.context["article_list"]), ["Copper report 2017"])
        self.assertContains(response, "1 result for “copper” in 2017.")

    def test_paginated(self):
        """Ten results a page; the next page keeps the query."""
        for i in range(11):
            make_article(title=f"Nickel note {i}")
        response = self.get(q="nickel")
        self.assertEqual(len(response.context["article_list"]), 10)
        self.assertContains(response, 'href="?q=nickel&amp;page=2"')
        self.assertEqual(len(self.get(q="nickel", page=2).context["article_list"]), 1)
        self.assertEqual(self.get(q="nickel", page=3).status_code, 404)

    def test_bad_queries_give_a_sensible_page(self):
        """Empty, odd, hostile and huge queries answer 200 with a message, never an error."""
        cases = {
            "": None,
            "copper": "4 results",
            "x" * 1000: "0 results",
            "copper " * 20: "Only the first words of your search were used.",
            "'; DROP TABLE articles_article; --": "0 results",
            "1 OR 1=1": "0 results",
            '" OR "" = "': "0 results",
            '"" - -- " "': "Your search has no words to look for.",
            "NEAR(copper banks) AND * ^ : {title}": "0 results",
            "медь 銅 النحاس": "0 results",
            "-copper": "Your search has no words to look for.",
            "the": "Your search has no words to look for.",
            '"unclosed phrase': "0 results",
        }
        for query, message in cases.items():
            with self.subTest(query=query[:30]):
                response = self.get(q=query)
                self.assertEqual(response.status_code, 200)
                if message:
                    self.assertContains(response, message)
        self.assertContains(self.get(q="x" * 1001), "Search for at most 1000 characters.")
        # A NUL pasted into the box is read as a space, on a clean address.
        response = self.get(q="copper\x00banks", page="1")
        self.assertRedirects(
            response, reverse("articles:search") + "?q=copper+banks&page=1", status_code=302
        )
        response = self.client.get(response["Location"])
        self.assertContains(response, "Copper and banks")
        self.assertNotContains(response, "%00")
        response = self.client.get(reverse("articles:search"), {"q": "\x00"}, follow=True)
        self.assertContains(response, "Search the archive")
        self.assertTrue(Article.objects.filter(title="Banks only").exists())

    def test_bad_filters_are_reported(self):
        """A bad year or tag is reported, not raised."""
        for params in [{"year": "abc"}, {"year": "99999"}, {"tag": "x" * 101}, {"page": "x"}]:
            with self.subTest(params=params):
                response = self.get(q="copper", **params)
                self.assertIn(response.status_code, {200, 404})
                if "page" not in params:
                    self.assertContains(response, "That filter is not valid and was ignored")

    def test_very_common_words_rank_the_newest_matches(self):
        """Past SEARCH_MAX_RESULTS matches, the newest ones are ranked and the page says so."""
        with self.settings(SEARCH_MAX_RESULTS=3):
            response = self.get(q="copper")
            self.assertContains(response, "3 or more results, the newest 3 ranked here")
            self.assertEqual(
                sorted(titles(response.context["article_list"])),
                ["Copper and banks", "Copper report 2018", "Copper report 2018"],
            )
            # Filters apply before the limit: 2017 still has its match.
            response = self.get(q="copper", year=2017)
            self.assertEqual(titles(response.context["article_list"]), ["Copper report 2017"])

    def test_unknown_tag_filter_finds_nothing(self):
        """A tag that does not exist narrows to nothing, shown escaped."""
        response = self.get(q="copper", tag="<b>")
        self.assertContains(response, "0 results for “copper” tagged &lt;b&gt;.")

    def test_non_latin_text_is_found(self):
        """Words in other scripts are indexed and found."""
        make_article(title="Медь дорожает", body="Цены на медь выросли.")
        response = self.get(q="медь")
        self.assertEqual(titles(response.context["article_list"]), ["Медь дорожает"])

    def test_query_is_escaped_on_the_page(self):
        """The query is shown escaped."""
        response = self.get(q="<script>alert(1)</script>")
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;")


class SearchFacetTests(TestCase):
    """The tag counts and the results' tags come from the tag ids stored with the index."""

    def search(self, q="copper", **params):
        response = self.client.get(reverse("articles:search"), {"q": q, **params})
        self.assertEqual(response.status_code, 200)
        return response

    def facets(self, response):
        return [(row["name"], row["article_count"]) for row in response.context["tag_facets"]]

    def test_the_most_frequent_tags_ties_by_name(self):
        for i in range(16):
            make_article(title=f"Copper {i}", tags=["Common", f"T{16 - i:02d}"])
        make_article(title="Copper twice", tags=["Common", "T16"])
        facets = self.facets(self.search())
        self.assertEqual(len(facets), 15)
        self.assertEqual(facets[:2], [("Common", 17), ("T16", 2)])
        self.assertEqual(facets[2:], [(f"T{i:02d}", 1) for i in range(1, 14)])

    def test_each_result_shows_its_tags_by_name_with_links(self):
        make_article(title="Copper and zinc", tags=["Zinc", "aluminium", "Copper"])
        response = self.search()
        (article,) = response.context["article_list"]
        self.assertEqual([t.name for t in article.result_tags], ["aluminium", "Copper", "Zinc"])
        link = reverse("articles:tag-detail", args=["aluminium"])
        self.assertContains(response, f'<a class="tag" href="{link}" rel="tag">aluminium</a>')

    def test_counts_follow_changes_of_tags(self):
        article = make_article(title="Copper one", tags=["Metals"])
        make_article(title="Copper two", tags=["Metals"])
        self.assertEqual(self.facets(self.search()), [("Metals", 2)])
        article.tags.add("Energy")
        self.assertEqual(self.facets(self.search()), [("Metals", 2), ("Energy", 1)])
        article.tags.remove("Metals")
        Tag.objects.filter(name="Energy").update(name="Power")  # a rename needs no reindex
        self.assertEqual(self.facets(self.search()), [("Metals", 1), ("Power", 1)])
        Tag.objects.get(name="Metals").delete()
        self.assertEqual(self.facets(self.search()), [("Power", 1)])
