"""axe-core and the Nu HTML Checker on the pages companies and key figures add or change."""

import datetime

from django.utils import timezone

from articles.tests.e2e.browser import BrowserTestCase, nu_html_errors

from .factories import confirm, make_article, make_company


class CompanyPageCheckTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        jd = make_company(
            "JD.com",
            aliases=["JD"],
            tickers=[("NASDAQ", "JD"), ("HKEX", "9618")],
            website="https://www.jd.com/",
            description="An online retailer.",
        )
        tencent = make_company("Tencent")
        for months in (1, 3, 4):
            confirm(
                make_article(
                    title=f"Tencent invests in JD, round {months}",
                    body="Tencent paid US$215 million for a 5% stake in JD. Shares rose 3%.",
                    published_at=timezone.now() - datetime.timedelta(days=31 * months),
                    tags=["Retail"],
                ),
                jd,
                tencent,
            )
        self.article = make_article(
            title="JD raises $1.5bn",
            body="JD sold bonds worth between $1bn and $1.5bn; the Hong Kong unit raised $20m.",
        )
        confirm(self.article, jd)
        self.pages = [
            ("company page", jd.get_absolute_url()),
            ("company index", "/companies/"),
            ("article with key figures and companies", self.article.get_absolute_url()),
            ("search by deal size", "/search/?q=invests&currency=USD&min=1000000&sort=amount"),
            ("search with a bad deal filter", "/search/?q=invests&currency=dollars&min=x"),
            ("tag page with chips", "/tags/retail/"),
        ]

    def test_axe_finds_no_violations_in_light_or_dark_mode(self):
        page = self.new_page()
        for label, path in self.pages:
            self.open(page, path)
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                self.assert_no_axe_violations(page, f"{label} ({scheme})")
            page.emulate_media(color_scheme="light")
        self.assert_page_was_self_contained()

    def test_nu_html_checker_finds_no_errors(self):
        page = self.new_page()
        documents = {label: self.open(page, path).text() for label, path in self.pages}
        self.assertEqual(nu_html_errors(documents), {})
