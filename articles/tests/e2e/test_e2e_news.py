"""Authors, corrections and the small things, in Chromium: accessible and valid pages,
breadcrumb touch targets, the comment moderation list at 1280 px, readable slugs typed in
the admin."""

import json
import subprocess  # nosec B404 - runs the Nu HTML Checker, a fixed local command
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Comment
from articles.tests.factories import make_article, make_comment
from authors.credits import credit
from authors.models import Author
from corrections.models import Correction

from .browser import (
    DESKTOP,
    VNU_JAR,
    BrowserTestCase,
    axe_missing_reason,
    nu_html_errors,
    skip_if_missing,
    vnu_missing_reason,
)
from .test_e2e_reader import STAFF_PASSWORD, log_in_to_admin


def make_news():
    """An article by two authors with a correction and an update, and comments."""
    article = make_article(
        title="Brewer sells its cider arm for £1.2bn",
        standfirst="The sale leaves the group with beer alone.",
        body="The brewer agreed to sell the unit.\n\nShares rose 4%.",
        tags=["Drinks"],
    )
    credit(article, ["Noor Haddad", "Ewan Price"])
    Author.objects.filter(name="Noor Haddad").update(
        bio="Covers food and drink companies.", url="https://example.org/noor"
    )
    Correction.objects.create(
        article=article, text="An earlier version gave the price as £12bn; it is £1.2bn."
    )
    Correction.objects.create(
        article=article, kind=Correction.Kind.UPDATE, text="The sale has been approved."
    )
    first = make_comment(article, author_name="Ines", author_url="https://ines.example.org/")
    make_comment(article, author_name="Olu", parent=first, body="A reply to Ines.")
    return article


class NewsPagesMixin:
    def setUp(self):
        super().setUp()
        self.article = make_news()
        self.pages = {
            "home": "/",
            "article by two authors with notes": self.article.get_absolute_url(),
            "author": reverse("authors:author-detail", args=["noor-haddad"]),
            "corrections": reverse("corrections:correction-list"),
        }


@skip_if_missing(axe_missing_reason(), "Accessibility checks")
class NewsAxeTests(NewsPagesMixin, BrowserTestCase):
    def test_axe_finds_no_violations_on_author_and_corrections_pages(self):
        page = self.new_page()
        for label, path in self.pages.items():
            self.open(page, path)
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                self.assert_no_axe_violations(page, f"{label} ({scheme})")
            page.emulate_media(color_scheme="light")
        self.assert_page_was_self_contained()


def nu_messages(html):
    """Every message of the Nu HTML Checker, warnings included, on one document."""
    with tempfile.TemporaryDirectory(prefix="newsarchive-vnu-") as folder:
        path = Path(folder) / "page.html"
        path.write_text(html, encoding="utf-8")
        result = subprocess.run(  # nosec B603 B607
            ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", str(path)],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    return [m.get("message", "") for m in json.loads(result.stdout or "{}").get("messages", [])]


@skip_if_missing(vnu_missing_reason(), "HTML validity checks")
class NewsNuHtmlCheckerTests(NewsPagesMixin, BrowserTestCase):
    def test_nu_html_checker_finds_no_errors(self):
        page = self.new_page()
        documents = {label: self.open(page, path).text() for label, path in self.pages.items()}
        self.assertEqual(nu_html_errors(documents), {})

    def test_each_comment_has_a_heading(self):
        """No "Article lacks heading" warning for the comments' <article> elements."""
        html = self.open(self.new_page(), self.article.get_absolute_url()).text()
        self.assertEqual([m for m in nu_messages(html) if "lacks heading" in m], [])


class NewsLayoutTests(BrowserTestCase):
    def test_breadcrumb_links_are_at_least_24_pixels_each_way(self):
        """WCAG 2.5.8: each crumb is a target of at least 24 by 24 CSS pixels."""
        article = make_news()
        page = self.new_page()
        self.open(page, article.get_absolute_url())
        sizes = page.locator(".breadcrumbs a").evaluate_all(
            "links => links.map(a => { const r = a.getBoundingClientRect();"
            " return [a.textContent, r.width, r.height]; })"
        )
        self.assertEqual(len(sizes), 4)
        for text, width, height in sizes:
            with self.subTest(crumb=text):
                self.assertGreaterEqual(width, 24)
                self.assertGreaterEqual(height, 24)

    def test_comment_changelist_fits_1280_pixels(self):
        """The moderation list, with long names, addresses and titles, needs no sideways scroll."""
        article = make_news()
        long_title = make_article(
            title="Quarterly results of the largest listed industrial conglomerates compared"
        )
        for n in range(5):
            make_comment(
                long_title if n % 2 else article,
                author_name=f"Reader with a fairly long name {n}",
                author_email=f"a.rather.long.address.{n}@example-newsroom.org",
                body="A long comment " * 20,
                status=Comment.Status.PENDING,
            )
        get_user_model().objects.create_superuser("chief", "chief@example.com", STAFF_PASSWORD)
        page = self.new_page(viewport=DESKTOP)
        log_in_to_admin(self, page, "chief")
        self.open(page, reverse("admin:articles_comment_changelist"))
        # The admin scrolls a wide table inside its own box (.results), not the page.
        overflow = page.evaluate(
            "[document.documentElement, document.querySelector('#changelist .results')]"
            ".map(box => box.scrollWidth - box.clientWidth)"
        )
        self.assertEqual([max(n, 0) for n in overflow], [0, 0], overflow)
        self.assertEqual(page.locator("#result_list tbody tr").count(), 7)

    def test_slug_typed_in_the_admin_keeps_amounts_readable(self):
        get_user_model().objects.create_superuser("chief", "chief@example.com", STAFF_PASSWORD)
        page = self.new_page()
        log_in_to_admin(self, page, "chief")
        self.open(page, reverse("admin:articles_article_add"))
        page.get_by_label("Title:").press_sequentially("Bank raises £1.2bn")
        self.assertEqual(page.get_by_label("Slug:").input_value(), "bank-raises-1-2bn")
        self.assert_page_was_self_contained()
