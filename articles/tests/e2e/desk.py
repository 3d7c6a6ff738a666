"""What the desk's browser tests share: an editor's account, signed in to the admin, and
the rich-text editor's moves (typing lines, inserting a table, filling its cells)."""

from django.contrib.auth import get_user_model

from .browser import BrowserTestCase
from .test_e2e_reader import STAFF_PASSWORD, log_in_to_admin

EDITOR = "editor"
# The focused element's name, as a screen reader would give it (roughly).
FOCUSED_NAME = """() => {
    const e = document.activeElement;
    const label = e.labels && e.labels.length ? e.labels[0].textContent : "";
    return (e.getAttribute("aria-label") || label || e.value || e.textContent || "")
        .replace(/:\\s*$/, "").trim();
}"""


class DeskTestCase(BrowserTestCase):
    """A browser test with an editor (a superuser, as the desk's first users are)."""

    def setUp(self):
        super().setUp()
        get_user_model().objects.create_superuser(EDITOR, "editor@example.com", STAFF_PASSWORD)

    def editor_page(self, **context_options):
        """A new page, signed in to the admin as the editor."""
        page = self.new_page(**context_options)
        log_in_to_admin(self, page, EDITOR)
        return page

    @staticmethod
    def prose(page):
        """The rich-text editor's editable area (the body's), once the editor has started."""
        area = page.locator(".prose-editor [contenteditable=true]")
        area.wait_for()
        return area

    @staticmethod
    def type_lines(page, lines):
        """Type each line and press Enter after it, as an editor writes."""
        for line in lines:
            page.keyboard.type(line)
            page.keyboard.press("Enter")

    def insert_table(self, page, rows, columns):
        """A table with a header row, from the toolbar's dialog; the cursor in its first cell."""
        page.get_by_role("button", name="Insert table").click()
        dialog = page.locator("dialog[open]")
        dialog.get_by_label("Rows").fill(str(rows))
        dialog.get_by_label("Columns").fill(str(columns))
        dialog.get_by_label("Include header row").select_option("Yes")
        dialog.get_by_role("button", name="Insert Table").click()
        self.prose(page).locator("table").wait_for()

    @staticmethod
    def fill_cells(page, texts):
        """Type into one cell after another, Tab moving to the next."""
        for text in texts:
            page.keyboard.type(text)
            page.keyboard.press("Tab")

    def tab_to(self, page, name, *, backwards=False, limit=60):
        """Press Tab (or Shift+Tab) until the focused element is named ``name``: its label,
        its aria-label or its text (no press if it has the focus already: a toolbar button
        gives it back to the text). Fails when ``limit`` presses do not reach it."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(limit):
            if page.evaluate(FOCUSED_NAME) == name:
                return
            page.keyboard.press(key)
        focused = page.evaluate(FOCUSED_NAME)
        self.fail(f"{limit} presses of {key} did not reach “{name}” (at “{focused}”)")

    @staticmethod
    def save_and_continue(page):
        page.get_by_role("button", name="Save and continue editing").click()
        page.locator(".messagelist").wait_for()
