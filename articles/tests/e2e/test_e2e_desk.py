"""The editorial desk in a real browser: the rich-text editor, preview, history and restore."""

from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from articles.revisions import keep_revision
from articles.tests.factories import make_article, make_comment
from authors.credits import credit
from corrections.models import Correction

from .desk import DeskTestCase


class DeskJourneyTests(DeskTestCase):
    def test_write_preview_publish_edit_compare_restore(self):
        """Heading, list, link and table in the editor; draft, preview, publish, diff, restore."""
        editor = self.editor_page()
        self.open(editor, reverse("admin:articles_article_add"))
        editor.get_by_label("Title:").fill("Chipmakers report record orders")
        prose = self.prose(editor)

        # Write with the keyboard: markdown-like input rules make the heading and the list.
        prose.click()
        self.type_lines(editor, ["Orders rose in every region.", "## Outlook", "- Asia", "Europe"])
        editor.keyboard.press("Enter")

        # A table: two rows of figures under a header row.
        self.insert_table(editor, rows=2, columns=2)
        self.fill_cells(editor, ["Region", "Orders", "Asia", "£1.2bn"])
        # A link from the toolbar: select the first paragraph, give the address in a dialog.
        prose.get_by_text("Orders rose in every region.").click()
        editor.keyboard.press("End")
        editor.keyboard.press("Shift+Home")
        editor.get_by_role("button", name="insert link").click()
        dialog = editor.locator("dialog[open]")
        dialog.get_by_label("URL").fill("https://example.com/filing")
        dialog.get_by_role("button", name="Update").click()
        prose.locator("a").wait_for()

        editor.get_by_label("Status:").select_option(label="Draft")
        editor.get_by_role("button", name="Save and preview").click()
        editor.get_by_text("Preview, not published.").wait_for()
        article = Article.objects.get()
        self.assertEqual(article.status, Article.Status.DRAFT)
        body = editor.locator(".article__body")
        self.assertEqual(body.locator("h2").inner_text(), "Outlook")
        self.assertEqual(body.locator("ul li").all_inner_texts(), ["Asia", "Europe"])
        self.assertEqual(
            body.get_by_role("link", name="Orders rose in every region.").get_attribute("href"),
            "https://example.com/filing",
        )
        self.assertEqual(body.locator("table th").all_inner_texts(), ["Region", "Orders"])
        self.assertIn("£1.2bn", body.locator("table").inner_text())

        # Publish, then edit the first paragraph.
        self.open(editor, reverse("admin:articles_article_change", args=[article.pk]))
        editor.get_by_label("Status:").select_option(label="Published")
        self.save_and_continue(editor)
        prose = self.prose(editor)
        prose.locator("p").first.click()
        editor.keyboard.press("End")
        editor.keyboard.type(" Prices held.")
        self.save_and_continue(editor)
        self.assertIn("Prices held.", Article.objects.get().body)

        # The history compares the last two revisions; restore the first one.
        self.open(editor, reverse("admin:articles_article_history", args=[article.pk]))
        editor.get_by_role("button", name="Compare the chosen revisions").click()
        self.assertIn("Prices held.", editor.locator(".body-diff ins").first.inner_text())
        self.open(editor, reverse("admin:articles_article_history", args=[article.pk]))
        editor.get_by_role("button", name="Restore").last.click()
        editor.locator(".messagelist").wait_for()
        restored = Article.objects.get()
        self.assertNotIn("Prices held.", restored.body)
        self.assertEqual(restored.status, Article.Status.DRAFT)
        self.assert_page_was_self_contained()

    def test_desk_pages_pass_axe_and_report_nothing_to_the_csp(self):
        """The desk's pages (add and change forms with the editor and an author and a note,
        history, comparison, preview) and the lists editors work in: axe finds nothing, in
        light and in dark mode.

        The console is checked before axe runs on each page: axe adds a <style> of its own,
        which the policy rightly refuses.
        """
        article = make_article(
            title="Freight rates ease",
            body="<p>Rates fell.</p><table><tbody><tr><th><p>Route</p></th><th><p>Rate</p>"
            "</th></tr><tr><td><p>Asia–Europe</p></td><td><p>$1,900</p></td></tr></tbody></table>",
            status=Article.Status.DRAFT,
        )
        credit(article, ["Lena Ortiz"])
        Correction.objects.create(article=article, text="The rate was $1,900, not $1,700.")
        make_comment(article)
        keep_revision(article, comment="First.")
        article.title = "Freight rates ease again"
        article.save()
        keep_revision(article, comment="Second.")
        old, new = (
            Version.objects.get_for_object(article)[1],
            Version.objects.get_for_object(article)[0],
        )
        compare = reverse("admin:articles_article_compare", args=[article.pk])
        page = self.editor_page()
        pages = [
            ("add form", reverse("admin:articles_article_add")),
            ("change form", reverse("admin:articles_article_change", args=[article.pk])),
            ("history", reverse("admin:articles_article_history", args=[article.pk])),
            ("comparison", f"{compare}?from={old.pk}&to={new.pk}"),
            ("preview", reverse("admin:articles_article_preview", args=[article.pk])),
            ("admin index", reverse("admin:index")),
            ("article list", reverse("admin:articles_article_changelist")),
            ("comment list", reverse("admin:articles_comment_changelist")),
            ("author list", reverse("admin:authors_author_changelist")),
            ("correction list", reverse("admin:corrections_correction_changelist")),
        ]
        for label, path in pages:
            self.console_errors.clear()
            with self.subTest(page=label):
                self.open(page, path)
                if "form" in label:
                    self.prose(page)
                self.assertEqual(self.console_errors, [], f"console errors on the {label}")
                # The admin follows the system's colour scheme: both are checked.
                for scheme in ("light", "dark"):
                    self.set_color_scheme(page, scheme)
                    self.assert_no_axe_violations(page, f"{label} ({scheme})")
                self.set_color_scheme(page, "light")
        self.console_errors.clear()
        self.assertEqual(self.outside_requests, [])

    def test_the_editor_and_its_toolbar_work_from_the_keyboard_alone(self):
        """No mouse: Tab reaches the text and the toolbar; a word is made bold, a table is
        inserted from its dialog and filled, and the form is saved."""
        editor = self.editor_page()
        self.open(editor, reverse("admin:articles_article_add"))
        self.prose(editor)
        editor.get_by_label("Title:").focus()
        editor.keyboard.type("Freight rates ease")
        self.tab_to(editor, "Body")
        editor.keyboard.type("Rates fell ")
        self.tab_to(editor, "bold", backwards=True)
        editor.keyboard.press("Enter")
        self.tab_to(editor, "Body")
        editor.keyboard.type("sharply.")
        editor.keyboard.press("Enter")
        self.tab_to(editor, "Insert table", backwards=True)
        editor.keyboard.press("Enter")
        self.tab_to(editor, "Rows", limit=10)
        editor.keyboard.press("Control+A")
        editor.keyboard.type("2")
        self.tab_to(editor, "Insert Table", limit=10)
        editor.keyboard.press("Enter")
        self.prose(editor).locator("table").wait_for()
        self.fill_cells(editor, ["Route", "Rate", "Asia–Europe"])
        # In a table Tab moves to the next cell (and adds a row after the last one): the
        # Down arrow, pressed on the last line of the last row, puts the cursor after the
        # table, and from there Tab leaves the editor.
        editor.keyboard.type("$1,900")
        editor.keyboard.press("ArrowDown")
        editor.keyboard.press("ArrowDown")
        self.tab_to(editor, "Save and continue editing")
        editor.keyboard.press("Enter")
        editor.locator(".messagelist").wait_for()
        body = Article.objects.get().body
        self.assertIn("Rates fell <strong>sharply.</strong>", body)
        self.assertIn("$1,900", body)
        self.assertEqual(body.count("<tr>"), 2)

    def test_without_javascript_the_body_is_a_textarea_and_saving_works(self):
        editor = self.editor_page(java_script_enabled=False)
        self.open(editor, reverse("admin:articles_article_add"))
        editor.get_by_label("Title:").fill("Plain text still works")
        editor.get_by_label("Slug:").fill("plain-text-still-works")
        editor.get_by_label("Body:").fill("First paragraph.\n\nSecond paragraph.")
        editor.get_by_role("button", name="Save", exact=True).click()
        self.assertIn("was added successfully", editor.locator(".messagelist").inner_text())
        article = Article.objects.get()
        self.assertHTMLEqual(article.body_html, "<p>First paragraph.</p><p>Second paragraph.</p>")

    def test_a_body_the_editor_cannot_keep_is_edited_as_html_and_nothing_is_lost(self):
        """An imported body with a library picture, a figure, a captioned table with a head
        row and a rule: the editor would drop them once the text is edited, so the body is
        HTML to edit by hand, and a fixed word keeps every other element."""
        body = (
            "<p>Output rose.</p>\n\n"
            '<figure><img data-image="7" src="/media/mine.jpg" alt="The mine">'
            "<figcaption>The mine in May.</figcaption></figure>\n\n"
            '<table><caption>Output</caption><thead><tr><th scope="col">Year</th></tr>'
            "</thead><tbody><tr><td>2020</td></tr></tbody></table>\n\n<hr>\n\n"
            "<p>H<sub>2</sub>O</p>"
        )
        article = make_article(title="Mine output", body=body, status=Article.Status.DRAFT)
        expected = article.body_html.replace("Output rose.", "Output rose again.")
        editor = self.editor_page()
        self.open(editor, reverse("admin:articles_article_change", args=[article.pk]))
        self.assertEqual(editor.locator(".prose-editor").count(), 0)
        body = editor.get_by_label("Body:")
        self.assertIn("<figure>", body.input_value())
        body.fill(body.input_value().replace("Output rose.", "Output rose again."))
        self.save_and_continue(editor)
        article.refresh_from_db()
        self.assertEqual(article.body_html, expected)
        self.assert_page_was_self_contained()
