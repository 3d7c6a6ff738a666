"""manage.py load_companies: a newsroom's CSV list of companies, aliases and listings."""

from django.test import TestCase

from articles.tests.importing import run_command, temporary_folder, write_file
from companies.models import ArticleCompany, Company

from .factories import make_article, make_company

LIST = """name,aliases,ticker,exchange
JD.com,JD|Jingdong;京东,JD,nasdaq
JD.com,,9618,HKEX
Tencent,Tencent Holdings,0700,HKEX
Meituan,,,
"""


class LoadCompaniesTests(TestCase):
    def load(self, text, *options):
        folder = temporary_folder(self)
        return run_command("load_companies", str(write_file(folder, "list.csv", text)), *options)

    def test_loads_companies_with_aliases_and_every_listing(self):
        """One row per listing; aliases split on | or ;; exchanges upper-cased."""
        run = self.load(LIST)
        self.assertFalse(run.failed, run.output)
        self.assertIn("3 companies created, 0 updated, 3 tickers added.", run.stdout)
        jd = Company.objects.get(name="JD.com")
        self.assertEqual(jd.slug, "jdcom")
        self.assertEqual(jd.aliases, ["JD", "Jingdong", "京东"])
        self.assertEqual(sorted(map(str, jd.tickers.all())), ["HKEX: 9618", "NASDAQ: JD"])
        self.assertFalse(Company.objects.get(name="Meituan").tickers.exists())

    def test_loading_again_adds_only_what_is_new(self):
        """A second load (with a new alias) updates in place: no duplicates."""
        self.load(LIST)
        run = self.load("name,aliases,ticker,exchange\njd.com,JD|Joybuy,JD,NASDAQ\n")
        self.assertIn("0 companies created, 1 updated, 0 tickers added.", run.stdout)
        self.assertEqual(
            Company.objects.get(name="JD.com").aliases, ["JD", "Jingdong", "京东", "Joybuy"]
        )
        self.assertEqual(Company.objects.count(), 3)

    def test_suggest_option_matches_every_article(self):
        """--suggest suggests the new companies' mentions in existing articles."""
        article = make_article(title="Meituan results", body="Delivery orders rose.")
        run = self.load(LIST, "--suggest")
        self.assertIn("1 mentions wait for an editor", run.stdout)
        self.assertEqual(ArticleCompany.objects.get().article, article)

    def test_bad_lists_are_refused_with_the_line(self):
        """Each mistake is named with its line, and nothing is loaded."""
        cases = {
            "no header": ("JD.com,JD,JD,NASDAQ\n", "The first line must name the columns"),
            "ticker alone": ("name,ticker\nJD.com,JD\n", "Line 2: a ticker needs its exchange"),
            "empty name": ("name,ticker,exchange\n,JD,NASDAQ\n", "Line 2: the name is empty."),
            "long ticker": (
                "name,ticker,exchange\nX," + "A" * 21 + ",NYSE\n",
                "Line 2: a ticker or exchange is longer",
            ),
            "no letters": ("name\n!!!\n", "Line 2: the name has no letters or digits"),
        }
        for case, (text, message) in cases.items():
            with self.subTest(case):
                run = self.load(text)
                self.assertTrue(run.failed)
                self.assertIn(message, str(run.error))
                self.assertIn("Nothing was loaded.", str(run.error))
        self.assertFalse(Company.objects.exists())

    def test_a_listing_of_another_company_is_refused(self):
        make_company("Other", tickers=[("NASDAQ", "JD")])
        run = self.load(LIST)
        self.assertIn("Line 2: NASDAQ JD is already Other's.", str(run.error))
        self.assertEqual(Company.objects.count(), 1)

    def test_unreadable_files(self):
        missing = run_command("load_companies", "/nonexistent/list.csv")
        self.assertIn("Cannot read /nonexistent/list.csv", str(missing.error))
        folder = temporary_folder(self)
        latin1 = run_command(
            "load_companies", str(write_file(folder, "l.csv", b"name\nNestl\xe9\n"))
        )
        self.assertIn("is not UTF-8 text", str(latin1.error))

    def test_byte_order_mark_is_ignored(self):
        """Spreadsheets save UTF-8 with a BOM; the header is still found."""
        self.assertFalse(self.load("\ufeffName,Aliases\nTencent,\n").failed)
