"""The design in a real browser: small screens, dark mode, print, measure, no layout shift."""

from articles.tests.factories import make_article, make_comment

from .browser import DESKTOP, NARROWEST, SCREENSHOTS, BrowserTestCase

LONG_WORD = "Supercalifragilisticexpialidociousnessofquarterlyearnings" * 2
LONG_URL = "https://example.com/" + "very-long-path-segment/" * 8

LUMINANCE = """selector => {
  const [r, g, b] = getComputedStyle(document.querySelector(selector)).backgroundColor
    .match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""

# Characters per line of the first paragraph: its width over the average width of its glyphs.
MEASURE = """() => {
  const p = document.querySelector(".article__body p");
  const text = p.textContent;
  const probe = document.createElement("span");
  probe.style.whiteSpace = "nowrap";
  probe.textContent = text;
  p.appendChild(probe);
  const perChar = probe.getBoundingClientRect().width / text.length;
  probe.remove();
  return p.getBoundingClientRect().width / perChar;
}"""

# Sum of the layout shifts recorded since the page started loading.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


class DesignTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.article = make_article(
            title="Quarterly earnings beat forecasts at " + LONG_WORD,
            standfirst="Profits rose at most of the companies that reported this week.",
            body=(
                "Most of the large companies that reported results this week beat the "
                "forecasts of the analysts who follow them, helped by lower costs and steady "
                "demand from consumers in their home markets.\n\n"
                f'The full table is at <a href="{LONG_URL}">{LONG_URL}</a>.\n\n{LONG_WORD}'
            ),
            source_name="The Example Ledger",
            tags=["Earnings", "Markets", LONG_WORD[:90]],
        )
        parent = make_comment(self.article, author_name="Grace", body=f"Look: {LONG_URL}")
        make_comment(self.article, author_name="Hamid", body=LONG_WORD, parent=parent)
        self.pages = [
            "/",
            self.article.get_absolute_url(),
            "/tags/earnings/",
            "/archive/",
            "/search/?q=forecasts",
            "/tags/",
            f"{self.article.get_absolute_url()}?replytocom={parent.pk}",
            "/no-such-page/",
        ]

    def test_no_horizontal_scrolling_at_320_pixels(self):
        """At 320 px wide no page, even with long words and addresses, scrolls sideways."""
        page = self.new_page(viewport=NARROWEST)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for n, path in enumerate(self.pages, start=1):
            with self.subTest(path=path):
                self.open(page, path, status=404 if "no-such" in path else 200)
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                self.assertLessEqual(overflow, 0)
                page.screenshot(path=SCREENSHOTS / f"design-320px-{n}.png", full_page=True)

    def test_dark_mode_follows_the_system_setting(self):
        """prefers-color-scheme: dark gives a dark page; light gives a light one."""
        page = self.new_page()
        self.open(page, self.article.get_absolute_url())
        page.emulate_media(color_scheme="light")
        self.assertGreater(page.evaluate(LUMINANCE, "body"), 0.8)
        page.emulate_media(color_scheme="dark")
        self.assertLess(page.evaluate(LUMINANCE, "body"), 0.05)
        self.assertLess(page.evaluate(LUMINANCE, ".respond"), 0.1)

    def test_article_prints_without_the_page_furniture(self):
        """The print stylesheet keeps the article and drops the form, footer and skip link."""
        page = self.new_page()
        self.open(page, self.article.get_absolute_url())
        page.emulate_media(media="print")
        for selector in [".respond", ".site-footer", ".skip-link"]:
            self.assertFalse(page.locator(selector).is_visible(), selector)
        self.assertTrue(page.locator(".article__body").is_visible())
        self.assertEqual(page.evaluate(LUMINANCE, "body"), 1.0)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.pdf(path=SCREENSHOTS / "article-print.pdf", format="A4")

    def test_article_text_has_a_readable_measure(self):
        """At desktop width a line of the article holds about 60 to 75 characters."""
        page = self.new_page(viewport=DESKTOP)
        self.open(page, self.article.get_absolute_url())
        measure = page.evaluate(MEASURE)
        self.assertTrue(60 <= measure <= 75, f"{measure:.0f} characters a line")

    def test_pages_load_without_layout_shift(self):
        """No content jumps while a page loads (no late fonts, sized images)."""
        page = self.new_page()
        for path in self.pages[:3]:
            with self.subTest(path=path):
                self.open(page, path)
                page.wait_for_load_state("load")
                self.assertLess(page.evaluate(LAYOUT_SHIFT), 0.01)

    def test_tags_look_like_chips(self):
        """Tags are rounded chips that wrap, not a bare list."""
        page = self.new_page()
        self.open(page, self.article.get_absolute_url())
        chip = page.locator(".article__tags .tag").first
        style = chip.evaluate(
            "el => [getComputedStyle(el).borderRadius, getComputedStyle(el.parentNode).display]"
        )
        self.assertNotEqual(style[0], "0px")
        self.assertEqual(
            page.locator(".article__tags li").first.evaluate(
                "el => getComputedStyle(el).listStyleType"
            ),
            "none",
        )
