"""Key figures are written on save and import, and shown in the article's box."""

from django.test import TestCase

from articles.models import Article
from articles.tests.factories import make_article
from articles.tests.importing import import_articles, page, temporary_folder, write_file
from figures.models import KeyFigure


def readings(article):
    return [f.reading for f in KeyFigure.objects.filter(article=article)]


class SavedFiguresTests(TestCase):
    def test_save_writes_figures_and_a_new_save_replaces_them(self):
        article = make_article(
            title="Tencent pays $1.2bn",
            standfirst="For a 10% stake.",
            body="The deal values it at more than 59.2 billion yuan.",
        )
        self.assertEqual(
            readings(article),
            ["USD 1,200,000,000", "10% stake", "more than CNY 59,200,000,000"],
        )
        article.body = "Shares fell 3%."
        article.save()
        self.assertEqual(readings(article), ["USD 1,200,000,000", "10% stake", "3%"])

    def test_body_markup_is_not_read(self):
        """Figures come from the words, not from links or attributes."""
        article = make_article(
            title="Results", body='<a href="https://example.com/$5m">report</a>: sales of €3m.'
        )
        self.assertEqual(readings(article), ["EUR 3,000,000"])

    def test_imported_articles_get_figures(self):
        folder = temporary_folder(self)
        path = write_file(
            folder, "a.txt", page("JD raises HK$3.5bn", body=("A range of $1-2 billion.",))
        )
        self.assertFalse(import_articles(path).failed)
        self.assertEqual(
            readings(Article.objects.get()),
            ["HKD 3,500,000,000", "USD 1,000,000,000–2,000,000,000"],
        )

    def test_article_page_box(self):
        """Amounts first, each figure once, with how it reads and its sentence."""
        article = make_article(
            title="JD pays $700 million",
            body="Shares rose 4%. JD paid $700 million for a 5% stake in the Hong Kong unit, "
            "which earned $30 million.",
        )
        response = self.client.get(article.get_absolute_url())
        self.assertContains(
            response, '<caption class="section-label">Key figures</caption>', html=True
        )
        body = response.content.decode()
        order = [
            body.index(text)
            for text in (
                ">USD 700,000,000</span>",
                ">30,000,000 (currency unclear)</span>",
                ">5% stake</span>",
                ">4%</span></td>",
            )
        ]
        self.assertEqual(order, sorted(order))
        self.assertEqual(body.count("USD 700,000,000"), 1)

    def test_no_figures_no_box(self):
        response = self.client.get(make_article(title="Quiet", body="Nothing.").get_absolute_url())
        self.assertNotContains(response, "key-figures")
