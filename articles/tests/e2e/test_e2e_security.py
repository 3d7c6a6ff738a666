"""The Content-Security-Policy in a real browser: it stops injected script, and the admin's
own scripts (slug, calendar, selection, filters) all work under it."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.tests.factories import make_article, make_comment

from .browser import BrowserTestCase
from .test_e2e_reader import STAFF_PASSWORD, log_in_to_admin

# What an injection would add: an inline script, and an inline handler on an image that
# fails to load. Resolves once the image's error event has fired (after its handler would).
INJECT_INLINE_SCRIPT = """() => new Promise((resolve) => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.head.appendChild(script);
    const img = document.createElement("img");
    img.setAttribute("onerror", "window.__handler = true");
    img.addEventListener("error", () => resolve());
    img.setAttribute("src", "data:,");
    document.body.appendChild(img);
})"""


class ContentSecurityPolicyTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.article = make_article(title="Shipping rates ease", tags=["Shipping"])
        self.comment = make_comment(self.article, body="Freight is still dear.")

    def test_injected_inline_script_and_handlers_do_not_run(self):
        """Markup that slipped into a page could not run script: the browser refuses it."""
        reader = self.new_page()
        self.open(reader, self.article.get_absolute_url())
        with reader.expect_console_message(lambda m: "Content Security Policy" in m.text):
            reader.evaluate(INJECT_INLINE_SCRIPT)
        self.assertIsNone(reader.evaluate("window.__injected"))
        self.assertIsNone(reader.evaluate("window.__handler"))

    def test_admin_scripts_work_under_the_policy(self):
        """Slug prefill, date shortcuts, select-all and the permission filter: no refusals."""
        get_user_model().objects.create_superuser("chief", "chief@example.com", STAFF_PASSWORD)
        staff = self.new_page()
        log_in_to_admin(self, staff, "chief")

        self.open(staff, reverse("admin:articles_article_add"))
        staff.get_by_label("Title:").press_sequentially("Ports reopen")
        self.assertEqual(staff.get_by_label("Slug:").input_value(), "ports-reopen")
        staff.locator(".datetimeshortcuts").first.get_by_role("link", name="Today").click()
        self.assertNotEqual(staff.locator("#id_published_at_0").input_value(), "")

        self.open(staff, reverse("admin:articles_comment_changelist"))
        staff.locator("#action-toggle").check()
        self.assertEqual(staff.locator("input.action-select:checked").count(), 1)

        self.open(staff, reverse("admin:auth_group_add"))
        staff.locator("#id_permissions_input").fill("comment")
        self.assertGreater(staff.locator("#id_permissions_from option").count(), 0)

        for path in [
            reverse("admin:articles_article_change", args=[self.article.pk]),
            reverse("admin:articles_comment_change", args=[self.comment.pk]),
            reverse("admin:axes_accessattempt_changelist"),
            reverse("admin:auth_user_changelist"),
        ]:
            self.open(staff, path)
        self.assert_page_was_self_contained()


class PermissionsPolicyTests(BrowserTestCase):
    def test_chromium_recognises_every_feature_the_policy_names(self):
        """A feature Chromium does not know is ignored with a console warning, not turned off."""
        messages = []
        reader = self.new_page()
        reader.on("console", lambda message: messages.append(message.text))
        response = self.open(reader, reverse("articles:article-list"))
        self.assertIn("camera=()", response.headers["permissions-policy"])
        self.assertEqual([text for text in messages if "Permissions-Policy" in text], [])
