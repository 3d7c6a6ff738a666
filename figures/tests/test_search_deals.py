"""/search/?q=...&currency=USD&min=100000000: filter and order results by deal size."""

from django.test import TestCase
from django.urls import reverse

from articles.tests.factories import make_article


class DealSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(title="Fund invests $50 million", body="A small round.")
        make_article(title="Group invests $2.5 billion", body="A large deal.")
        make_article(title="Bank invests $300 million", body="Plus €900 million elsewhere.")
        make_article(title="Firm invests €5 billion", body="In euros only.")
        make_article(title="Range invests $100-400 million", body="A range.")
        make_article(title="Invests a lot", body="No amount given.")

    def titles(self, **params):
        response = self.client.get(reverse("articles:search"), {"q": "invests", **params})
        self.assertEqual(response.status_code, 200)
        return [article.title for article in response.context["article_list"]]

    def test_filter_by_currency_and_minimum(self):
        """Only articles stating an amount in that currency of at least the minimum; a
        range counts by its top."""
        found = self.titles(currency="USD", min="100000000")
        self.assertEqual(
            sorted(found),
            [
                "Bank invests $300 million",
                "Group invests $2.5 billion",
                "Range invests $100-400 million",
            ],
        )

    def test_currency_alone(self):
        self.assertEqual(
            sorted(self.titles(currency="eur")),
            ["Bank invests $300 million", "Firm invests €5 billion"],
        )

    def test_largest_amount_first(self):
        self.assertEqual(
            self.titles(currency="USD", sort="amount"),
            [
                "Group invests $2.5 billion",
                "Range invests $100-400 million",
                "Bank invests $300 million",
                "Fund invests $50 million",
            ],
        )

    def test_the_page_says_what_was_filtered(self):
        response = self.client.get(
            reverse("articles:search"), {"q": "invests", "currency": "USD", "min": "100000000"}
        )
        self.assertContains(response, "stating an amount in USD of at least 100,000,000")
        self.assertContains(response, 'name="currency" value="USD"')

    def test_bad_filters_get_a_message(self):
        cases = {
            "a code": ({"currency": "dollars"}, "A currency is a three-letter code such as USD."),
            "a number": ({"currency": "USD", "min": "lots"}, "Enter a number."),
            "not negative": ({"currency": "USD", "min": "-5"}, "greater than or equal to 0"),
            "min needs currency": ({"min": "5"}, "Give the currency of the minimum amount."),
            "sort needs currency": (
                {"sort": "amount"},
                "Give the currency to order the amounts in.",
            ),
            "known order": ({"currency": "USD", "sort": "size"}, "Select a valid choice."),
        }
        for case, (params, message) in cases.items():
            with self.subTest(case):
                response = self.client.get(reverse("articles:search"), {"q": "invests", **params})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
