"""Reader journeys in a real browser: reading, commenting, moderation, and no JavaScript."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Comment
from articles.tests.factories import make_article, make_comment

from .browser import BrowserTestCase

STAFF_PASSWORD = "a-long-e2e-test-password"


def make_reading_matter():
    """Two published articles sharing a tag, a draft, and one approved comment."""
    now = timezone.now()
    article = make_article(
        title="Copper prices climb as mines halt output",
        standfirst="Strikes in two countries tightened supply of the metal.",
        body=(
            "Copper rose for a third day as strikes closed two large mines.\n\n"
            "Traders said stocks in exchange warehouses were at their lowest in a decade."
        ),
        byline="A. Reporter",
        published_at=now - datetime.timedelta(hours=3),
        tags=["Commodities", "Mining"],
    )
    make_article(
        title="Zinc smelters cut production",
        published_at=now - datetime.timedelta(days=2),
        tags=["Commodities"],
    )
    make_article(title="Unpublished draft about nickel", status="draft", tags=["Commodities"])
    make_comment(article, author_name="Helen", body="Supply shocks rarely last long.")
    return article


def log_in_to_admin(test, page, username):
    test.open(page, "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Archive administration").wait_for()


class ReaderJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.article = make_reading_matter()
        get_user_model().objects.create_superuser(
            "moderator", "moderator@example.com", STAFF_PASSWORD
        )

    def test_read_comment_moderate_and_see_the_comment(self):
        """Home, article, tag page; comment awaits moderation; staff approve; reader sees it."""
        reader = self.new_page()

        self.open(reader, "/")
        self.assertEqual(self.h1(reader), "Latest articles")
        self.assertEqual(reader.locator(".summary__title").count(), 2)
        self.assertEqual(reader.get_by_text("Unpublished draft about nickel").count(), 0)
        self.screenshot(reader, "reader-01-home")

        reader.get_by_role("link", name="Copper prices climb as mines halt output").click()
        reader.wait_for_url(self.url(self.article.get_absolute_url()))
        self.assertEqual(self.h1(reader), self.article.title)
        self.assertIn("Supply shocks rarely last long.", reader.locator("#comments").inner_text())
        self.screenshot(reader, "reader-02-article")

        reader.locator(".article__tags").get_by_role("link", name="Commodities").click()
        reader.wait_for_url(self.url("/tags/commodities/"))
        self.assertEqual(self.h1(reader), "Tag: Commodities")
        self.assertEqual(reader.locator(".summary__title").count(), 2)
        self.screenshot(reader, "reader-03-tag")

        reader.get_by_role("link", name="Copper prices climb as mines halt output").click()
        reader.get_by_role("textbox", name="Comment", exact=True).fill(
            "Warehouse stocks tell the real story."
        )
        reader.get_by_role("textbox", name="Name", exact=True).fill("Priya")
        reader.get_by_role("textbox", name="Email", exact=True).fill("priya@example.net")
        reader.get_by_role("textbox", name="Website", exact=True).fill("priya.example.net")
        reader.get_by_role("button", name="Post Comment").click()
        notice = reader.get_by_role("status")
        self.assertIn("Your comment is awaiting moderation", notice.inner_text())
        comments = reader.locator("#comments")
        self.assertNotIn("Warehouse stocks tell the real story.", comments.inner_text())
        self.assertNotIn("priya@example.net", reader.content())
        self.screenshot(reader, "reader-04-awaiting-moderation")

        staff = self.new_page()
        log_in_to_admin(self, staff, "moderator")
        staff.get_by_role("link", name="Comments").first.click()
        row = staff.locator("#result_list tbody tr", has_text="Priya")
        row.get_by_role("checkbox").check()
        staff.get_by_label("Action:").select_option(label="Approve selected comments")
        staff.get_by_role("button", name="Go").click()
        self.assertIn("1 comment(s) approved.", staff.locator(".messagelist").inner_text())
        self.screenshot(staff, "reader-05-staff-approves")
        self.assertEqual(Comment.objects.get(author_name="Priya").status, "approved")

        reader.reload()
        self.assertIn("Warehouse stocks tell the real story.", comments.inner_text())
        self.assertEqual(reader.locator("#comments-heading").inner_text(), "2 comments")
        priya = reader.locator(".comment", has_text="Warehouse stocks")
        self.assertEqual(
            priya.get_by_role("link", name="Priya").get_attribute("href"),
            "https://priya.example.net",
        )
        self.screenshot(reader, "reader-06-comment-approved")
        self.assert_page_was_self_contained()

    def test_form_errors_keep_what_the_reader_typed(self):
        """A comment without name and email comes back with linked errors and the text kept."""
        reader = self.new_page()
        self.open(reader, self.article.get_absolute_url())
        reader.get_by_role("textbox", name="Comment", exact=True).fill("Half-finished thought")
        reader.get_by_role("button", name="Post Comment").click()
        summary = reader.get_by_role("alert")
        self.assertIn("There is a problem", summary.inner_text())
        self.assertTrue(reader.title().startswith("Error: "))
        self.assertEqual(
            reader.get_by_role("textbox", name="Comment", exact=True).input_value(),
            "Half-finished thought",
        )
        summary.get_by_role("link", name="Name: This field is required.").click()
        self.assertEqual(reader.evaluate("document.activeElement.id"), "id_author_name")
        self.screenshot(reader, "reader-07-form-errors")
        self.assertFalse(Comment.objects.filter(body="Half-finished thought").exists())
        self.assert_page_was_self_contained()


class NoJavaScriptJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.article = make_reading_matter()

    def test_reading_and_commenting_work_without_javascript(self):
        """With JavaScript off a reader can still browse, read, fail and then post a comment."""
        reader = self.new_page(java_script_enabled=False)
        self.open(reader, "/")
        reader.get_by_role("link", name=self.article.title).click()
        reader.wait_for_url(self.url(self.article.get_absolute_url()))
        self.assertEqual(self.h1(reader), self.article.title)
        reader.locator(".article__tags").get_by_role("link", name="Mining").click()
        reader.wait_for_url(self.url("/tags/mining/"))
        self.assertEqual(self.h1(reader), "Tag: Mining")
        reader.get_by_role("link", name=self.article.title).click()
        reader.wait_for_url(self.url(self.article.get_absolute_url()))

        reader.get_by_role("button", name="Post Comment").click()
        self.assertIn("There is a problem", reader.get_by_role("alert").inner_text())
        reader.get_by_role("textbox", name="Comment", exact=True).fill("Read without scripts.")
        reader.get_by_role("textbox", name="Name", exact=True).fill("Tomasz")
        reader.get_by_role("textbox", name="Email", exact=True).fill("tomasz@example.net")
        reader.get_by_role("button", name="Post Comment").click()
        self.assertIn("awaiting moderation", reader.get_by_role("status").inner_text())
        self.screenshot(reader, "nojs-01-comment-posted")
        comment = Comment.objects.get(author_name="Tomasz")
        self.assertEqual(comment.status, Comment.Status.PENDING)
        self.assertEqual(comment.article, self.article)
        self.assert_page_was_self_contained()
