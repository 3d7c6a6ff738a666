"""Reader journeys in a real browser: reading, commenting, moderation, and no JavaScript."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
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
    test.open(page, f"{reverse('admin:login')}?next={reverse('admin:index')}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Archive administration").wait_for()


def approve_in_admin(test, staff, author_name, screenshot=None):
    """Approve one pending comment with the change list's bulk action, as a moderator does."""
    test.open(staff, reverse("admin:articles_comment_changelist") + "?status__exact=pending")
    row = staff.locator("#result_list tbody tr", has_text=author_name)
    row.get_by_role("checkbox").check()
    staff.get_by_label("Action:").select_option(label="Approve selected comments")
    staff.get_by_role("button", name="Go").click()
    test.assertIn("1 comment(s) approved.", staff.locator(".messagelist").inner_text())
    if screenshot:
        test.screenshot(staff, screenshot)


def fill_comment(page, body, name, email, website=""):
    page.get_by_role("textbox", name="Comment", exact=True).fill(body)
    page.get_by_role("textbox", name="Name", exact=True).fill(name)
    page.get_by_role("textbox", name="Email", exact=True).fill(email)
    if website:
        page.get_by_role("textbox", name="Website", exact=True).fill(website)
    with page.expect_navigation():
        page.get_by_role("button", name="Post Comment").click()


class ReaderJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.article = make_reading_matter()
        get_user_model().objects.create_superuser(
            "moderator", "moderator@example.com", STAFF_PASSWORD
        )

    def test_read_comment_moderate_see_it_and_reply(self):
        """Home, article, tag; a comment awaits moderation, is approved, and gets a reply."""
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
        reader.wait_for_url(self.url(self.article.get_absolute_url()))
        fill_comment(
            reader,
            "Warehouse stocks tell the real story.",
            "Priya",
            "priya@example.net",
            "priya.example.net",
        )
        self.assertIn(
            "Your comment is awaiting moderation", reader.get_by_role("status").inner_text()
        )
        priya = Comment.objects.get(author_name="Priya")
        self.assertEqual(priya.status, Comment.Status.PENDING)
        own = reader.locator(f"#comment-{priya.pk}")
        self.assertIn("awaiting moderation", own.inner_text())
        self.assertNotIn("priya@example.net", reader.content())
        self.screenshot(reader, "reader-04-awaiting-moderation")

        stranger = self.new_page()
        self.open(stranger, self.article.get_absolute_url())
        self.assertNotIn("Warehouse stocks", stranger.locator("#comments").inner_text())

        staff = self.new_page()
        log_in_to_admin(self, staff, "moderator")
        approve_in_admin(self, staff, "Priya", screenshot="reader-05-staff-approves")
        priya.refresh_from_db()
        self.assertEqual(priya.status, Comment.Status.APPROVED)

        reader.reload()
        self.assertEqual(reader.locator("#comments-heading").text_content(), "2 comments")
        self.assertIn("Warehouse stocks tell the real story.", own.inner_text())
        self.assertNotIn("awaiting moderation", own.inner_text())
        self.assertEqual(
            own.get_by_role("link", name="Priya", exact=True).get_attribute("href"),
            "https://priya.example.net",
        )
        self.screenshot(reader, "reader-06-comment-approved")

        # Another reader answers Priya through her comment's Reply link.
        stranger.reload()
        stranger.get_by_role("link", name="Reply to Priya").click()
        stranger.wait_for_url("**/?replytocom=*")
        self.assertIn("Leave a Reply to Priya", stranger.locator("#reply-title").inner_text())
        self.assertEqual(stranger.locator(f"#comment-{priya.pk} #respond").count(), 1)
        self.screenshot(stranger, "reader-07-reply-form")
        fill_comment(stranger, "Stocks were already low in spring.", "Omar", "omar@example.net")
        reply = Comment.objects.get(author_name="Omar")
        self.assertEqual(reply.parent, priya)
        self.assertIn("awaiting moderation", stranger.locator(f"#comment-{reply.pk}").inner_text())

        approve_in_admin(self, staff, "Omar")
        reader.reload()
        nested = reader.locator(f"#comment-{priya.pk} .children #comment-{reply.pk}")
        self.assertIn("Stocks were already low in spring.", nested.inner_text())
        self.assertGreater(
            nested.bounding_box()["x"], own.locator("article").first.bounding_box()["x"]
        )
        self.screenshot(reader, "reader-08-threaded-reply")
        self.assert_page_was_self_contained()

    def test_find_an_article_through_the_archive_and_the_search_box(self):
        """Archive by year and month, then the header's search box, each lead to the article."""
        reader = self.new_page()
        published = self.article.published_at
        self.open(reader, "/")
        reader.get_by_role("navigation", name="Site").get_by_role("link", name="Archive").click()
        reader.wait_for_url(self.url("/archive/"))
        self.assertEqual(self.h1(reader), "Archive")
        self.screenshot(reader, "reader-10-archive")
        reader.get_by_role("link", name=f"{published:%Y}", exact=True).click()
        reader.wait_for_url(self.url(f"/{published:%Y}/"))
        self.assertEqual(self.h1(reader), f"{published:%Y}")
        reader.get_by_role("link", name=f"{published:%B}", exact=True).first.click()
        reader.wait_for_url(self.url(f"/{published:%Y/%m}/"))
        self.assertEqual(self.h1(reader), f"{published:%B %Y}")
        self.assertIn(self.article.title, reader.locator("main").inner_text())
        self.assertNotIn("Unpublished draft", reader.locator("main").inner_text())
        self.screenshot(reader, "reader-11-archive-month")

        search_box = reader.get_by_role("search", name="Site search").get_by_role("searchbox")
        search_box.fill("warehouses")
        with reader.expect_navigation():
            search_box.press("Enter")
        self.assertEqual(self.h1(reader), "Search")
        self.assertIn("1 result for “warehouses”", reader.get_by_role("status").inner_text())
        self.screenshot(reader, "reader-12-search-results")
        reader.locator(".search-result").get_by_role("link", name=self.article.title).click()
        reader.wait_for_url(self.url(self.article.get_absolute_url()))
        self.assertEqual(self.h1(reader), self.article.title)
        self.assert_page_was_self_contained()

    def test_form_errors_keep_what_the_reader_typed(self):
        """A comment without name and email comes back with linked errors and the text kept."""
        reader = self.new_page()
        self.open(reader, self.article.get_absolute_url())
        reader.get_by_role("textbox", name="Comment", exact=True).fill("Half-finished thought")
        with reader.expect_navigation():
            reader.get_by_role("button", name="Post Comment").click()
        summary = reader.get_by_role("alert")
        self.assertIn("There is a problem", summary.inner_text())
        self.assertTrue(reader.title().startswith("Error: "))
        self.assertEqual(
            reader.get_by_role("textbox", name="Comment", exact=True).input_value(),
            "Half-finished thought",
        )
        summary.get_by_role("link", name="Name: Please enter your name.").click()
        self.assertEqual(reader.evaluate("document.activeElement.id"), "id_author_name")
        self.screenshot(reader, "reader-09-form-errors")
        self.assertFalse(Comment.objects.filter(body="Half-finished thought").exists())
        self.assert_page_was_self_contained()


class NoJavaScriptJourneyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.article = make_reading_matter()

    def test_reading_commenting_and_replying_work_without_javascript(self):
        """With JavaScript off a reader can browse, search, fix a form, comment and reply."""
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

        search_box = reader.get_by_role("search", name="Site search").get_by_role("searchbox")
        search_box.fill("copper")
        with reader.expect_navigation():
            search_box.press("Enter")
        self.assertIn("1 result for “copper”", reader.get_by_role("status").inner_text())
        reader.get_by_role("navigation", name="Site").get_by_role("link", name="Archive").click()
        reader.wait_for_url(self.url("/archive/"))
        reader.get_by_role("link", name=f"{self.article.published_at:%B}").first.click()
        reader.wait_for_url(self.url(f"/{self.article.published_at:%Y/%m}/"))
        reader.get_by_role("link", name=self.article.title).click()
        reader.wait_for_url(self.url(self.article.get_absolute_url()))

        with reader.expect_navigation():
            reader.get_by_role("button", name="Post Comment").click()
        self.assertIn("There is a problem", reader.get_by_role("alert").inner_text())
        fill_comment(reader, "Read without scripts.", "Tomasz", "tomasz@example.net")
        self.assertIn("awaiting moderation", reader.get_by_role("status").inner_text())
        self.screenshot(reader, "nojs-01-comment-posted")
        comment = Comment.objects.get(author_name="Tomasz")
        self.assertEqual(comment.status, Comment.Status.PENDING)
        self.assertEqual(comment.article, self.article)

        helen = Comment.objects.get(author_name="Helen")
        reader.get_by_role("link", name="Reply to Helen").click()
        reader.wait_for_url("**/?replytocom=*")
        self.assertIn("Leave a Reply to Helen", reader.locator("#reply-title").inner_text())
        fill_comment(reader, "A reply, still without scripts.", "Tomasz", "tomasz@example.net")
        reply = Comment.objects.get(body="A reply, still without scripts.")
        self.assertEqual(reply.parent, helen)
        self.assertIn(
            "A reply, still without scripts.",
            reader.locator(f"#comment-{helen.pk} .children").inner_text(),
        )
        self.screenshot(reader, "nojs-02-reply-posted")
        self.assert_page_was_self_contained()
