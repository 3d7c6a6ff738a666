"""The editor's journey in a real browser: write, tag and publish an article in the admin."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import make_article
from authors.models import Author

from .browser import BrowserTestCase
from .test_e2e_reader import STAFF_PASSWORD, log_in_to_admin


class EditorJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        get_user_model().objects.create_superuser("editor", "editor@example.com", STAFF_PASSWORD)
        make_article(title="An older story already on the home page")
        Author.objects.create(name="B. Columnist", slug="b-columnist")

    def test_create_tag_and_publish_then_find_it_on_the_home_page(self):
        """The admin's add form fills the slug, saves tags and status; the home page lists it."""
        editor = self.new_page()
        log_in_to_admin(self, editor, "editor")
        self.screenshot(editor, "editor-01-admin-index")

        # The Articles row's own Add link (other apps' rows come first alphabetically).
        editor.locator("tr.model-article").get_by_role("link", name="Add").click()
        editor.wait_for_url(self.url(reverse("admin:articles_article_add")))
        editor.get_by_label("Title:").press_sequentially("Regional banks report record deposits")
        # The admin's own script fills the slug from the title.
        self.assertEqual(
            editor.get_by_label("Slug:").input_value(), "regional-banks-report-record-deposits"
        )
        editor.get_by_label("Standfirst:").fill("Savers moved money out of the largest lenders.")
        # The rich-text editor's editable area, named after the field's label.
        body = editor.get_by_role("textbox", name="Body")
        body.click()
        editor.keyboard.type("Deposits at regional banks rose for a fourth quarter.")
        editor.keyboard.press("Enter")
        editor.keyboard.type("Analysts credited higher rates on savings accounts.")
        editor.get_by_label("Tags:").fill("Banking, Savings")
        editor.get_by_label("Status:").select_option(label="Published")
        # The author, from the Authors inline's list.
        editor.locator("#id_bylines-0-author").select_option(label="B. Columnist")
        self.screenshot(editor, "editor-02-add-article")
        editor.get_by_role("button", name="Save", exact=True).click()
        self.assertIn("was added successfully", editor.locator(".messagelist").inner_text())
        self.screenshot(editor, "editor-03-saved")

        article = Article.objects.get(slug="regional-banks-report-record-deposits")
        self.assertEqual(article.status, Article.Status.PUBLISHED)
        self.assertEqual(sorted(article.tags.names()), ["Banking", "Savings"])

        self.open(editor, "/")
        first = editor.locator(".summary").first
        self.assertIn("Regional banks report record deposits", first.inner_text())
        self.assertEqual(first.locator(".tag").all_inner_texts(), ["Banking", "Savings"])
        self.screenshot(editor, "editor-04-home-page")
        first.get_by_role("link", name="Regional banks report record deposits").click()
        editor.wait_for_url(self.url(article.get_absolute_url()))
        self.assertEqual(
            self.h1(editor),
            "Regional banks report record deposits",
        )
        self.assertIn("By B. Columnist", editor.locator(".meta").first.inner_text())
        self.screenshot(editor, "editor-05-published-article")
        # The byline links to the author's page, which lists the article.
        editor.locator(".meta").first.get_by_role("link", name="B. Columnist").click()
        editor.wait_for_url(self.url(reverse("authors:author-detail", args=["b-columnist"])))
        self.assertEqual(self.h1(editor), "B. Columnist")
        self.assertIn(
            "Regional banks report record deposits", editor.locator(".summary").inner_text()
        )
        self.assert_page_was_self_contained()
