"""Keyboard use in a real browser: skip link, every control reachable and visibly focused."""

from articles.tests.factories import make_article, make_comment

from .browser import DESKTOP, BrowserTestCase

# Everything a keyboard user can reach with Tab, in document order, if it is rendered.
FOCUSABLE = ", ".join(
    f"{control}:not([tabindex='-1'])"
    for control in [
        "a[href]",
        "button:not([disabled])",
        "input:not([type=hidden]):not([disabled])",
        "select:not([disabled])",
        "textarea:not([disabled])",
        "summary",
        "[tabindex]",
    ]
)

MARK_FOCUSABLE = """selector => {
  // checkVisibility() is false inside a closed <details> too (its content is not rendered).
  const visible = el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && el.checkVisibility({visibilityProperty: true});
  };
  const all = [...document.querySelectorAll(selector)];
  all.forEach((el, i) => el.dataset.kb = String(i));
  // The skip link is off screen until focused, so it counts even though it has no box yet.
  return all.filter(el => visible(el) || el.classList.contains("skip-link"))
    .map(el => el.dataset.kb);
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    kb: el.dataset ? el.dataset.kb || null : null,
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.name || el.id || "").trim().slice(0, 40),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < innerWidth,
  };
}"""


class KeyboardTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.article = make_article(
            title="Airline capacity returns to 2019 levels",
            standfirst="Carriers added seats faster than expected.",
            source_name="The Example Ledger",
            source_url="https://example.com/air",
            body='Seats rose.\n\nSee <a href="https://example.com/data">the data</a>.',
            tags=["Transport", "Travel"],
        )
        self.comment = make_comment(
            self.article, author_name="Ravi", author_url="https://ravi.example.org/"
        )

    def tab_through(self, page, path):
        """Tab from the top of the page to its end; return the controls and what got focus."""
        self.open(page, path)
        expected = page.evaluate(MARK_FOCUSABLE, FOCUSABLE)
        visited = []
        for _ in range(len(expected) + 5):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused["tag"] == "body" or (visited and focused["kb"] == visited[0]["kb"]):
                break
            visited.append(focused)
        return expected, visited

    def test_skip_link_comes_first_and_jumps_to_the_content(self):
        """The first Tab shows the skip link; following it moves focus into <main>."""
        page = self.new_page()
        self.open(page, self.article.get_absolute_url())
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        self.assertEqual(focused["text"], "Skip to content")
        self.assertTrue(focused["onScreen"], "the focused skip link is visible")
        self.assertTrue(focused["outline"], "the focused skip link has a focus outline")
        page.keyboard.press("Enter")
        self.assertEqual(page.evaluate("document.activeElement.id"), "main")
        page.keyboard.press("Tab")
        self.assertTrue(
            page.evaluate("document.getElementById('main').contains(document.activeElement)")
        )
        self.screenshot(page, "keyboard-01-skip-link")

    def test_every_control_is_reachable_and_visibly_focused(self):
        """Tab visits every link, field and button in order, each with a visible outline."""
        pages = [
            "/",
            self.article.get_absolute_url(),
            "/tags/travel/",
            "/archive/",
            "/search/?q=seats",
            f"{self.article.get_absolute_url()}?replytocom={self.comment.pk}",
        ]
        for path in pages:
            with self.subTest(path=path):
                page = self.new_page(viewport=DESKTOP)
                expected, visited = self.tab_through(page, path)
                self.assertGreater(len(expected), 5)
                self.assertEqual([v["kb"] for v in visited], expected)
                for focused in visited:
                    self.assertTrue(
                        focused["outline"] or focused["shadow"],
                        f"{focused['tag']} {focused['text']!r} shows no focus indicator",
                    )
                    self.assertTrue(focused["onScreen"], f"{focused['text']!r} is off screen")

    def test_form_errors_are_announced_and_linked_to_their_fields(self):
        """Errors: focus on a summary (role=alert) linking each field, which names its error."""
        page = self.new_page()
        self.open(page, self.article.get_absolute_url())
        page.get_by_role("textbox", name="Email", exact=True).fill("not-an-address")
        page.get_by_role("button", name="Post Comment").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        self.assertTrue(page.title().startswith("Error: "))
        summary = page.get_by_role("alert")
        # The script moves focus to the summary once the page has loaded.
        page.wait_for_function("document.activeElement.matches('[data-error-summary]')")
        links = summary.get_by_role("link")
        self.assertEqual(links.count(), 3)
        for i in range(links.count()):
            field_id = links.nth(i).get_attribute("href").removeprefix("#")
            field = page.locator(f"#{field_id}")
            self.assertEqual(field.get_attribute("aria-invalid"), "true")
            described_by = field.get_attribute("aria-describedby")
            message = page.locator(f"#{described_by}").inner_text()
            self.assertTrue(message)
            self.assertIn(message, links.nth(i).inner_text())
        self.assertIn("Enter a valid email address.", summary.inner_text())
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        self.assertEqual(page.evaluate("document.activeElement.id"), "id_body")

    def test_page_language_and_image_text(self):
        """The page declares its language and every image has alt text."""
        article = make_article(
            body='<img src="/static/img/favicon.svg" width="32" height="32">\n\nText.'
        )
        page = self.new_page()
        self.open(page, article.get_absolute_url())
        self.assertEqual(page.evaluate("document.documentElement.lang"), "en")
        self.assertEqual(page.locator("img").count(), 1)
        self.assertEqual(page.locator("img:not([alt])").count(), 0)
