"""Tables of figures in a real browser: a phone scrolls the table, never the page."""

from articles.tests.factories import make_article

from .browser import (
    NARROWEST,
    PHONE,
    BrowserTestCase,
    axe_missing_reason,
    nu_html_errors,
    skip_if_missing,
    vnu_missing_reason,
)

COLUMNS = ["Company", "Revenue 2024", "Revenue 2025", "Operating profit", "Margin", "Outlook"]
ROWS = [
    ["Harbourline Logistics", "1,204", "1,388", "142", "10.2%", "Raised"],
    ["Northgate Copper Mining", "3,020", "2,870", "415", "14.5%", "Unchanged"],
]

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
BOX = "document.querySelector('.table-scroll')"
# The box's scroll position once it has moved (keyboard scrolling may be animated), waiting
# frame by frame for at most about two seconds.
SCROLLED = """() => new Promise(resolve => {
  const box = document.querySelector(".table-scroll");
  const check = frames => box.scrollLeft > 0 || frames > 120
    ? resolve(box.scrollLeft) : requestAnimationFrame(() => check(frames + 1));
  check(0);
})"""


def results_table():
    head = "".join(f'<th scope="col">{c}</th>' for c in COLUMNS)
    body = "".join(
        "<tr>" + f'<th scope="row">{r[0]}</th>' + "".join(f"<td>{v}</td>" for v in r[1:]) + "</tr>"
        for r in ROWS
    )
    return (
        f"<table><caption>Results (€m)</caption><thead><tr>{head}</tr></thead>\n\n"
        f"<tbody>{body}</tbody></table>"
    )


class TableArticleMixin:
    def setUp(self):
        super().setUp()
        self.article = make_article(
            title="Results season: who beat forecasts",
            body="Most companies beat the forecasts.\n\n" + results_table() + "\n\nMore soon.",
        )


class TablesOnAPhoneTests(TableArticleMixin, BrowserTestCase):
    def test_a_wide_table_scrolls_in_its_box_not_the_page(self):
        """At 320 px the page does not scroll sideways; the table's own box does."""
        page = self.new_page(viewport=NARROWEST)
        self.open(page, self.article.get_absolute_url())
        self.assertLessEqual(page.evaluate(OVERFLOW), 0)
        sizes = page.evaluate(f"[{BOX}.scrollWidth, {BOX}.clientWidth]")
        self.assertGreater(sizes[0], sizes[1], "the table is wider than its box")
        # The box takes the focus, so that a keyboard can scroll it.
        page.focus(".table-scroll")
        page.keyboard.press("ArrowRight")
        self.assertGreater(page.evaluate(SCROLLED), 0)
        self.screenshot(page, "table-320px")


@skip_if_missing(axe_missing_reason(), "Accessibility checks")
class TableAxeTests(TableArticleMixin, BrowserTestCase):
    def test_the_table_page_is_accessible(self):
        """axe-core finds nothing on a phone, light or dark, with the scrolling table box."""
        page = self.new_page(viewport=PHONE)
        self.open(page, self.article.get_absolute_url())
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            self.assert_no_axe_violations(page, f"article with a table ({scheme})")


@skip_if_missing(vnu_missing_reason(), "HTML validity checks")
class TableNuHtmlCheckerTests(TableArticleMixin, BrowserTestCase):
    def test_the_table_page_is_valid_html(self):
        page = self.new_page(viewport=PHONE)
        self.open(page, self.article.get_absolute_url())
        self.assertEqual(nu_html_errors({"table": page.content()}), {})
