"""Mentions are suggested on save and import; editors' decisions are never undone."""

from django.test import TestCase

from articles.models import Article
from articles.tests.importing import import_articles, page, temporary_folder, write_file
from companies.models import ArticleCompany

from .factories import make_article, make_company


def links(article):
    return {
        link.company.name: (link.status, link.mention_count, link.in_title)
        for link in ArticleCompany.objects.filter(article=article).select_related("company")
    }


class SuggestOnSaveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.jd = make_company("JD.com", aliases=["JD", "Jingdong"])
        cls.tencent = make_company("Tencent")

    def test_save_suggests_mentioned_companies(self):
        """Saving an article suggests each company named, with its count and title flag."""
        article = make_article(
            title="Tencent backs JD", body="JD.com said Tencent invested. Jingdong agreed."
        )
        self.assertEqual(
            links(article),
            {"JD.com": ("suggested", 3, True), "Tencent": ("suggested", 2, True)},
        )

    def test_lowercase_short_alias_suggests_nothing(self):
        """ "jd" in lower case is not JD."""
        article = make_article(title="Notes", body="The jd file and the JDate app.")
        self.assertEqual(links(article), {})

    def test_decisions_survive_later_saves(self):
        """A confirmed or rejected link keeps its status when the text changes."""
        article = make_article(title="Tencent and JD", body="Nothing more.")
        ArticleCompany.objects.filter(company=self.jd).update(status="confirmed")
        ArticleCompany.objects.filter(company=self.tencent).update(status="rejected")
        article.title = "A quiet day"
        article.save()
        self.assertEqual(
            links(article), {"JD.com": ("confirmed", 0, False), "Tencent": ("rejected", 0, False)}
        )

    def test_stale_suggestions_are_dropped(self):
        """A suggestion whose name left the text goes with it."""
        article = make_article(title="Tencent results", body="Revenue rose.")
        article.title = "Results"
        article.save()
        self.assertEqual(links(article), {})

    def test_new_company_is_found_on_next_save(self):
        """The matcher is rebuilt when companies change (no stale cache)."""
        article = make_article(title="Meituan and JD", body="Delivery.")
        make_company("Meituan")
        article.save()
        self.assertIn("Meituan", links(article))


class SuggestOnImportTests(TestCase):
    def test_imported_articles_get_suggestions(self):
        """Articles the importer writes in bulk are matched too (articles_imported signal)."""
        make_company("Harbourline Logistics", aliases=["Harbourline"])
        folder = temporary_folder(self)
        path = write_file(
            folder, "a.txt", page("Harbourline opens a depot", body=("Harbourline said so.",))
        )
        run = import_articles(path)
        self.assertFalse(run.failed, run.output)
        article = Article.objects.get()
        self.assertEqual(links(article), {"Harbourline Logistics": ("suggested", 2, True)})
