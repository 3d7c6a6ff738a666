"""axe-core and the Nu HTML Checker on every kind of page a reader or a member of staff sees."""

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles.models import Comment
from articles.tests.factories import make_article, make_comment

from .browser import (
    BrowserTestCase,
    axe_missing_reason,
    nu_html_errors,
    skip_if_missing,
    vnu_missing_reason,
)


def make_site_content():
    """An article with an image, comments (one a reply, one with a website) and tags."""
    article = make_article(
        title="Shipping rates fall as container backlog clears",
        standfirst="Ports on both coasts report the shortest queues in two years.",
        body=(
            "Rates for a forty-foot container fell for a sixth week.\n\n"
            '<figure><img src="/static/img/favicon.svg" alt="The archive\'s emblem" '
            'width="64" height="64"><figcaption>An illustration.</figcaption></figure>\n\n'
            "<blockquote>We have not seen queues this short since before the pandemic.</blockquote>"
            '\n\nFreight forwarders expect <a href="https://example.com/report">the report</a>'
            " to confirm the trend."
        ),
        byline="C. Correspondent",
        source_name="The Example Ledger",
        source_url="https://example.com/shipping",
        published_at=timezone.now() - datetime.timedelta(hours=5),
        tags=["Shipping", "Trade"],
    )
    first = make_comment(article, author_name="Ines", author_url="https://ines.example.org/")
    make_comment(article, author_name="Olu", parent=first, body="A reply to Ines.")
    make_comment(article, author_name="Pending", status=Comment.Status.PENDING)
    make_article(title="Rail freight volumes steady", tags=["Trade"])
    return article, first


def serve_html(html):
    """A Playwright route handler answering with this HTML."""

    def handler(route):
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    return handler


class PageCheckMixin:
    """The pages of the site with some content, each opened in turn."""

    maxDiff = None

    def setUp(self):
        super().setUp()
        self.article, self.first = make_site_content()

    def visit_each_page(self, page):
        """Open each page in turn; yield its label and the HTML the server sent."""
        published = self.article.published_at
        simple = [
            ("home", "/", 200),
            ("article with comments", self.article.get_absolute_url(), 200),
            ("tag", "/tags/trade/", 200),
            ("tag index", "/tags/", 200),
            ("archive", "/archive/", 200),
            ("archive year", f"/{published:%Y}/", 200),
            ("archive month", f"/{published:%Y/%m}/", 200),
            ("archive day", f"/{published:%Y/%m/%d}/", 200),
            ("reply form", f"{self.article.get_absolute_url()}?replytocom={self.first.pk}", 200),
            ("search form", "/search/", 200),
            ("search results", "/search/?q=shipping", 200),
            ("search without results", "/search/?q=zeppelin", 200),
            ("search with an error", "/search/?q=" + "x" * 1001, 200),
            ("404", "/no-such-page/", 404),
            ("admin login", reverse("admin:login"), 200),
        ]
        for label, path, status in simple:
            response = self.open(page, path, status=status)
            yield label, response.text()
        self.open(page, self.article.get_absolute_url())
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Post Comment").click()
        self.assertEqual(navigation.value.status, 200)
        self.assertEqual(page.get_by_role("alert").count(), 1)
        yield "article with form errors", navigation.value.text()


@skip_if_missing(axe_missing_reason(), "Accessibility checks")
class AxeTests(PageCheckMixin, BrowserTestCase):
    def test_axe_finds_no_violations_in_light_or_dark_mode(self):
        """axe-core reports nothing, of any impact, on every page in both colour schemes."""
        page = self.new_page()
        checked = []
        for label, _html in self.visit_each_page(page):
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                self.assert_no_axe_violations(page, f"{label} ({scheme})")
            page.emulate_media(color_scheme="light")
            checked.append(label)
        self.assertEqual(len(checked), 16)
        self.assert_page_was_self_contained()

    def test_axe_on_the_pages_served_when_things_break(self):
        """The 500 and 503 pages, which stand alone, pass axe-core too."""
        page = self.new_page()
        for name, html in [
            ("500", render_to_string("500.html")),
            ("503", render_to_string("503.html", {"site_name": settings.SITE_NAME})),
            (
                "503-comment",
                render_to_string(
                    "503.html", {"site_name": settings.SITE_NAME, "unsent_comment": "Rates up."}
                ),
            ),
        ]:
            # Served from the live server's origin so their stylesheet loads as it would.
            page.route(self.url(f"/__{name}__"), serve_html(html))
            self.open(page, f"/__{name}__")
            self.assertEqual(page.locator("h1").count(), 1)
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                self.assert_no_axe_violations(page, f"{name} ({scheme})")
            page.emulate_media(color_scheme="light")


@skip_if_missing(vnu_missing_reason(), "HTML validity checks")
class NuHtmlCheckerTests(PageCheckMixin, BrowserTestCase):
    def test_nu_html_checker_finds_no_errors(self):
        """The Nu HTML Checker reports no error on the HTML each page sends."""
        page = self.new_page()
        documents = dict(self.visit_each_page(page))
        self.assertEqual(len(documents), 16)
        # The pages served when things break, rendered as their handlers render them.
        documents["500"] = render_to_string("500.html")
        documents["503"] = render_to_string("503.html", {"site_name": settings.SITE_NAME})
        documents["503, comment given back"] = render_to_string(
            "503.html", {"site_name": settings.SITE_NAME, "unsent_comment": "Rates <b>up</b>."}
        )
        self.assertEqual(nu_html_errors(documents), {})

    def test_nu_html_checker_catches_an_error(self):
        """The checker is really run: a broken document is reported."""
        errors = nu_html_errors({"broken": "<!doctype html><title>x</title><p><div></span>"})
        self.assertIn("broken", errors)
