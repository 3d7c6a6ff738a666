"""The desk's whole journey in a real browser: an editor takes an article from a draft to a
corrected, published page, with its history; then a reader reads and comments on it."""

from django.urls import reverse

from articles.models import Article, Comment
from authors.models import Author
from corrections.models import Correction

from .desk import DeskTestCase
from .test_e2e_reader import fill_comment

TITLE = "Chipmakers report record orders"
FIXED_TITLE = "Chipmakers report record orders in Asia"
NOTE = "An earlier version gave orders in Europe as £1.4bn; they were £1.2bn."


class DeskJourneyFromDraftToReaderTests(DeskTestCase):
    def setUp(self):
        super().setUp()
        self.author = Author.objects.create(name="Lena Ortiz", slug="lena-ortiz")

    def write_draft(self, editor):
        """A heading, a list and a table in the rich-text editor, an author, as a draft."""
        self.open(editor, reverse("admin:articles_article_add"))
        editor.get_by_label("Title:").fill(TITLE)
        editor.get_by_label("Standfirst:").fill("Demand for chips used in data centres grew.")
        self.prose(editor).click()
        self.type_lines(
            editor,
            ["Orders rose in every region.", "## By region", "- Asia led", "Europe followed"],
        )
        editor.keyboard.press("Enter")
        self.insert_table(editor, rows=2, columns=2)
        self.fill_cells(editor, ["Region", "Orders", "Europe", "£1.4bn"])
        editor.locator("#id_bylines-0-author").select_option(label="Lena Ortiz")
        editor.get_by_label("Status:").select_option(label="Draft")
        self.screenshot(editor, "desk-journey-01-draft")

    def test_draft_review_publish_correct_compare_restore_then_read_and_comment(self):
        editor = self.editor_page()

        # Write, then preview the draft as readers will see it.
        self.write_draft(editor)
        editor.get_by_role("button", name="Save and preview").click()
        editor.get_by_text("Preview, not published.").wait_for()
        article = Article.objects.get()
        self.assertEqual(article.status, Article.Status.DRAFT)
        body = editor.locator(".article__body")
        self.assertEqual(body.locator("h2").inner_text(), "By region")
        self.assertEqual(body.locator("ul li").all_inner_texts(), ["Asia led", "Europe followed"])
        self.assertIn("£1.4bn", body.locator("table").inner_text())
        self.screenshot(editor, "desk-journey-02-preview")
        # Nobody else sees it yet.
        reader = self.new_page()
        self.open(reader, article.get_absolute_url(), status=404)

        # Send it for review: the admin index counts it.
        change = reverse("admin:articles_article_change", args=[article.pk])
        self.open(editor, change)
        editor.get_by_label("Status:").select_option(label="Ready for review")
        self.save_and_continue(editor)
        self.open(editor, reverse("admin:index"))
        self.assertEqual(
            editor.locator(".review-count").inner_text(), "1 article waiting for review"
        )

        # Publish it.
        self.open(editor, change)
        editor.get_by_label("Status:").select_option(label="Published")
        self.save_and_continue(editor)
        self.assertEqual(Article.objects.get().status, Article.Status.PUBLISHED)

        self.open(reader, article.get_absolute_url())
        self.assertEqual(self.h1(reader), TITLE)
        self.assertIn("£1.4bn", reader.locator(".article__body table").inner_text())
        self.assertEqual(
            reader.locator(".meta")
            .first.get_by_role("link", name="Lena Ortiz")
            .get_attribute("href"),
            self.author.get_absolute_url(),
        )
        self.screenshot(reader, "desk-journey-03-published")

        # A correction: the figure in the table is fixed, and a note says so.
        self.open(editor, change)
        cell = self.prose(editor).locator("td", has_text="£1.4bn")
        cell.click()
        editor.keyboard.press("End")
        for _ in "£1.4bn":
            editor.keyboard.press("Backspace")
        editor.keyboard.type("£1.2bn")
        editor.locator("#corrections-group .add-row a").click()
        note = editor.locator("#corrections-group .inline-related:not(.empty-form)").last
        note.get_by_label("Kind:").select_option(label="Correction")
        note.get_by_label("Text:").fill(NOTE)
        self.save_and_continue(editor)
        self.assertIn("£1.2bn", Article.objects.get().body)
        self.assertEqual(Correction.objects.get().text, NOTE)
        self.screenshot(editor, "desk-journey-04-correction-added")

        # The reader sees the note under the article, in the list of corrections and its feed.
        self.open(reader, article.get_absolute_url())
        self.assertIn(NOTE, reader.locator(".corrections").inner_text())
        self.assertIn("£1.2bn", reader.locator(".article__body table").inner_text())
        self.screenshot(reader, "desk-journey-05-article-with-correction")
        self.open(reader, reverse("corrections:correction-list"))
        first = reader.locator(".corrections-list__item").first
        self.assertIn(TITLE, first.inner_text())
        self.assertIn(NOTE, first.inner_text())
        self.screenshot(reader, "desk-journey-06-corrections-page")
        feed = reader.request.get(self.url(reverse("corrections:correction-feed")))
        self.assertEqual(feed.status, 200)
        self.assertIn(NOTE, feed.text())
        self.assertIn(TITLE, feed.text())

        # An edit of the title, seen in the history's comparison, then undone by restoring
        # the revision with the note: the note stays, the title goes back.
        self.open(editor, change)
        editor.get_by_label("Title:").fill(FIXED_TITLE)
        self.save_and_continue(editor)
        self.open(editor, reverse("admin:articles_article_history", args=[article.pk]))
        self.screenshot(editor, "desk-journey-07-history")
        editor.get_by_role("button", name="Compare the chosen revisions").click()
        fields = editor.locator(".revision-diff table")
        self.assertIn("Title", fields.inner_text())
        self.assertEqual(fields.locator("ins").inner_text(), "in Asia")
        self.screenshot(editor, "desk-journey-08-comparison")
        self.open(editor, reverse("admin:articles_article_history", args=[article.pk]))
        editor.get_by_role("button", name="Restore").first.click()
        self.assertIn("The revision was restored", editor.locator(".messagelist").inner_text())
        restored = Article.objects.get()
        self.assertEqual(restored.title, TITLE)
        self.assertEqual(restored.status, Article.Status.PUBLISHED)
        self.assertEqual(list(restored.corrections.values_list("text", flat=True)), [NOTE])
        self.assertEqual([b.author for b in restored.bylines.all()], [self.author])

        # The reader reads the restored article, with its note, goes to its author's page
        # and back, and comments on it.
        self.open(reader, article.get_absolute_url())
        self.assertEqual(self.h1(reader), TITLE)
        self.assertIn(NOTE, reader.locator(".corrections").inner_text())
        reader.locator(".meta").first.get_by_role("link", name="Lena Ortiz").click()
        reader.wait_for_url(self.url(self.author.get_absolute_url()))
        self.assertEqual(self.h1(reader), "Lena Ortiz")
        self.screenshot(reader, "desk-journey-09-author-page")
        reader.locator(".summary").get_by_role("link", name=TITLE).click()
        reader.wait_for_url(self.url(article.get_absolute_url()))
        fill_comment(reader, "The European figure matters most.", "Priya", "priya@example.net")
        self.assertIn(
            "Your comment is awaiting moderation", reader.get_by_role("status").inner_text()
        )
        self.assertEqual(Comment.objects.get().article, restored)
        self.assertNotIn("priya@example.net", reader.content())
        self.screenshot(reader, "desk-journey-10-reader-comment")
        self.assert_page_was_self_contained()
