"""A real saved page (the shared samples, not in the repository): imported, its companies
are suggested and its figures read as a reader would."""

from decimal import Decimal
from unittest import skipUnless

from django.test import TestCase

from articles.models import Article
from articles.tests.importing import SAMPLE_PAGE, SAMPLES_ABSENT, import_articles
from companies.models import ArticleCompany
from companies.tests.factories import make_company
from figures.models import KeyFigure


@skipUnless(SAMPLE_PAGE.exists(), SAMPLES_ABSENT)
class RealSampleTests(TestCase):
    def test_sample_page(self):
        make_company("JD.com", aliases=["JD", "Jingdong"])
        make_company("Google", aliases=["Alphabet"])
        make_company("Walmart")
        run = import_articles(SAMPLE_PAGE)
        self.assertFalse(run.failed, run.output)
        article = Article.objects.get()
        suggested = set(
            ArticleCompany.objects.filter(article=article).values_list("company__name", flat=True)
        )
        self.assertTrue({"JD.com", "Google"} <= suggested, suggested)
        figures = {(f.kind, f.value, f.currency) for f in KeyFigure.objects.filter(article=article)}
        self.assertIn(("money", Decimal(550_000_000), "USD"), figures)
        self.assertIn(("stake", Decimal("0.93"), ""), figures)
        self.assertIn(("money", Decimal("59_200_000_000"), "CNY"), figures)
