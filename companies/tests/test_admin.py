"""The editors' side: companies with tickers and aliases, and the queue of suggestions."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.groups import EDITORS
from companies.models import ArticleCompany, Company

from .factories import make_article, make_company


class CompanyAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_user(
            "ed", "ed@example.com", "a-long-test-password", is_staff=True
        )
        cls.editor.groups.add(Group.objects.get(name=EDITORS))
        cls.jd = make_company("JD.com", aliases=["JD"], tickers=[("NASDAQ", "JD")])
        cls.tencent = make_company("Tencent")
        cls.articles = [
            make_article(title=f"JD and Tencent, part {i}", body="Deal.") for i in range(3)
        ]

    def setUp(self):
        self.client.force_login(self.editor)

    def test_editor_adds_a_company_with_aliases_and_tickers(self):
        """Aliases are typed one per line; tickers in an inline."""
        response = self.client.post(
            reverse("admin:companies_company_add"),
            {
                "name": "Alibaba Group",
                "slug": "alibaba-group",
                "aliases": "Alibaba\n  \nBABA\nAlibaba",
                "website": "https://www.alibabagroup.com/",
                "description": "",
                "tickers-TOTAL_FORMS": "2",
                "tickers-INITIAL_FORMS": "0",
                "tickers-0-symbol": "BABA",
                "tickers-0-exchange": "NYSE",
                "tickers-1-symbol": "9988",
                "tickers-1-exchange": "HKEX",
            },
        )
        self.assertEqual(response.status_code, 302)
        company = Company.objects.get(slug="alibaba-group")
        self.assertEqual(company.aliases, ["Alibaba", "BABA"])
        self.assertEqual(
            sorted(str(t) for t in company.tickers.all()), ["HKEX: 9988", "NYSE: BABA"]
        )
        change = self.client.get(reverse("admin:companies_company_change", args=[company.pk]))
        self.assertContains(change, "Alibaba\nBABA</textarea>")

    def test_a_listing_belongs_to_one_company(self):
        """The same ticker on the same exchange twice is refused with a message."""
        response = self.client.post(
            reverse("admin:companies_company_add"),
            {
                "name": "Other",
                "slug": "other",
                "aliases": "",
                "tickers-TOTAL_FORMS": "1",
                "tickers-INITIAL_FORMS": "0",
                "tickers-0-symbol": "JD",
                "tickers-0-exchange": "NASDAQ",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "already exists")

    def test_queue_lists_suggestions_with_constant_queries(self):
        """The queue's queries do not grow with its rows."""
        url = reverse("admin:companies_articlecompany_changelist")
        self.client.get(url)  # the session and content types, once
        with CaptureQueriesContext(connection) as few:
            self.client.get(url, {"status__exact": "suggested"})
        for i in range(10):
            make_article(title=f"More JD news {i}", body="Tencent too.")
        with self.assertNumQueries(len(few)):
            response = self.client.get(url, {"status__exact": "suggested"})
        self.assertContains(response, "More JD news 9")

    def test_bulk_confirm_and_reject(self):
        """Selected suggestions are confirmed or rejected in one action."""
        url = reverse("admin:companies_articlecompany_changelist")
        jd_links = ArticleCompany.objects.filter(company=self.jd)
        self.client.post(
            url, {"action": "confirm", "_selected_action": [link.pk for link in jd_links]}
        )
        tencent = ArticleCompany.objects.filter(company=self.tencent)
        response = self.client.post(
            url,
            {"action": "reject", "_selected_action": [link.pk for link in tencent]},
            follow=True,
        )
        self.assertContains(response, "3 mentions rejected.")
        self.assertEqual(set(jd_links.values_list("status", flat=True)), {"confirmed"})
        self.assertEqual(set(tencent.values_list("status", flat=True)), {"rejected"})

    def test_one_by_one_from_the_list(self):
        """The status is editable in the list itself, one row at a time."""
        link = ArticleCompany.objects.filter(company=self.jd).first()
        links = list(ArticleCompany.objects.all())
        data = {
            "form-TOTAL_FORMS": str(len(links)),
            "form-INITIAL_FORMS": str(len(links)),
            "_save": "Save",
        }
        for i, each in enumerate(links):
            data[f"form-{i}-id"] = each.pk
            data[f"form-{i}-status"] = "confirmed" if each.pk == link.pk else each.status
        response = self.client.post(reverse("admin:companies_articlecompany_changelist"), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(ArticleCompany.objects.filter(status="confirmed").values_list("pk", flat=True)),
            [link.pk],
        )

    def test_key_figures_are_read_only(self):
        """Editors see the figures read from the text but cannot edit them."""
        make_article(title="JD pays $5 million", body="Deal.")
        self.assertEqual(
            self.client.get(reverse("admin:figures_keyfigure_changelist")).status_code, 200
        )
        self.assertEqual(self.client.get(reverse("admin:figures_keyfigure_add")).status_code, 403)


class CompanyListUploadTests(TestCase):
    """Editors load a CSV list in the admin, as load_companies does on the command line."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_user(
            "ed", "ed@example.com", "a-long-test-password", is_staff=True
        )
        cls.editor.groups.add(Group.objects.get(name=EDITORS))

    def setUp(self):
        self.client.force_login(self.editor)
        self.url = reverse("admin:companies_company_load_csv")

    def upload(self, content, name="list.csv"):
        return self.client.post(
            self.url, {"csv_file": SimpleUploadedFile(name, content, "text/csv")}, follow=True
        )

    def test_linked_from_the_company_list(self):
        response = self.client.get(reverse("admin:companies_company_changelist"))
        self.assertContains(response, f'<a href="{self.url}">Load a CSV list</a>', html=True)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_upload_loads_the_list(self):
        response = self.upload(
            b"name,aliases,ticker,exchange\nJD.com,JD,JD,NASDAQ\nJD.com,,9618,HKEX\n"
        )
        self.assertContains(response, "1 companies created, 0 updated, 2 tickers added.")
        self.assertEqual(Company.objects.get().tickers.count(), 2)

    def test_bad_uploads_say_why_and_load_nothing(self):
        cases = {
            "not UTF-8": (b"name\nNestl\xe9\n", "The file is not UTF-8 text."),
            "bad line": (b"name,ticker\nJD.com,JD\n", "Line 2: a ticker needs its exchange"),
            "no header": (b"JD.com,JD\n", "The first line must name the columns"),
        }
        for case, (content, message) in cases.items():
            with self.subTest(case):
                response = self.upload(content)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
        make_company("Other", tickers=[("NASDAQ", "JD")])
        response = self.upload(b"name,ticker,exchange\nJD.com,JD,NASDAQ\n")
        self.assertContains(response, "NASDAQ JD is already Other")
        self.assertEqual(list(Company.objects.values_list("name", flat=True)), ["Other"])

    def test_staff_without_the_permission_cannot_load(self):
        viewer = get_user_model().objects.create_user("v", "v@example.com", "x" * 20, is_staff=True)
        self.client.force_login(viewer)
        self.assertEqual(self.client.get(self.url).status_code, 403)
