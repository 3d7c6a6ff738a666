"""Pictures in Chromium: only renditions as wide as needed are fetched, nothing shifts."""

import re

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from articles.tests.e2e.browser import (
    DESKTOP,
    PHONE,
    BrowserTestCase,
    axe_missing_reason,
    nu_html_errors,
    skip_if_missing,
    vnu_missing_reason,
)
from articles.tests.e2e.test_e2e_reader import STAFF_PASSWORD, log_in_to_admin
from articles.tests.factories import make_article

from .factories import make_image, picture_bytes

# Sum of the layout shifts recorded since the page started loading (as Lighthouse's CLS).
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


@override_settings(IMAGES_SERVE_MEDIA=True)
class ResponsiveImageTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.image = make_image(picture_bytes(2400, 1200), alt_text="A container ship")
        self.article = make_article(
            title="Shipping rates fall",
            standfirst="Freight costs dropped for the fourth week.",
            body="\n\n".join(["Container rates fell again this week on the main routes."] * 8),
            lead_image=self.image,
        )

    def media_requests(self, viewport, **options):
        page = self.new_page(viewport=viewport, **options)
        requested = []
        page.on("request", lambda r: "/media/" in r.url and requested.append(r.url))
        self.open(page, self.article.get_absolute_url())
        page.wait_for_load_state("networkidle")
        shift = page.evaluate(LAYOUT_SHIFT)
        current = page.locator(".article__lead img").evaluate("img => img.currentSrc")
        return requested, shift, current

    def assert_loaded(self, requested, width):
        self.assertEqual(len(requested), 1, requested)
        self.assertRegex(requested[0], rf"/media/renditions/.+/{width}w-\w+\.webp$")
        self.assertNotIn("/originals/", requested[0])

    def test_phone(self):
        """At 390 px the 400 px WebP is the only picture fetched, and nothing moves."""
        requested, shift, current = self.media_requests(PHONE)
        self.assert_loaded(requested, 400)
        self.assertEqual(current, requested[0])
        self.assertEqual(shift, 0)

    def test_phone_high_density(self):
        """At 390 px on a 2x screen, the 800 px rendition."""
        requested, shift, _ = self.media_requests(PHONE, device_scale_factor=2)
        self.assert_loaded(requested, 800)
        self.assertEqual(shift, 0)

    def test_desktop(self):
        """At 1280 px the column is 44rem (704 px): the 800 px rendition, no wider."""
        requested, shift, _ = self.media_requests(DESKTOP)
        self.assert_loaded(requested, 800)
        self.assertEqual(shift, 0)
        self.assert_page_was_self_contained()

    def test_list_thumbnail(self):
        """On the home page the thumbnail (8rem) loads the 400 px rendition."""
        page = self.new_page(viewport=DESKTOP)
        requested = []
        page.on("request", lambda r: "/media/" in r.url and requested.append(r.url))
        self.open(page, "/")
        page.wait_for_load_state("networkidle")
        self.assertEqual([re.search(r"/(\d+)w-", url).group(1) for url in requested], ["400"])
        self.assertEqual(page.evaluate(LAYOUT_SHIFT), 0)


@override_settings(IMAGES_SERVE_MEDIA=True)
class PicturePagesTestCase(BrowserTestCase):
    """An article with a lead image and a library image in its text, and the home page."""

    def setUp(self):
        super().setUp()
        lead = make_image(picture_bytes(1600, 900), alt_text="A port at dawn", caption="Dawn.")
        chart = make_image(picture_bytes(800, 500, format="PNG"), alt_text="A bar chart")
        self.article = make_article(
            title="Ports reopen",
            body=f'Ships are moving.\n\n<img src="/x.png" alt="" data-image="{chart.pk}">',
            lead_image=lead,
        )
        self.paths = ["/", self.article.get_absolute_url()]


@skip_if_missing(axe_missing_reason(), "Accessibility checks")
class PictureAxeTests(PicturePagesTestCase):
    def test_axe_finds_no_violations(self):
        """axe-core reports nothing on pages with pictures, light or dark."""
        page = self.new_page()
        for path in self.paths:
            self.open(page, path)
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                self.assert_no_axe_violations(page, f"{path} ({scheme})")


@skip_if_missing(vnu_missing_reason(), "HTML validity checks")
class PictureHtmlTests(PicturePagesTestCase):
    def test_nu_html_checker_finds_no_errors(self):
        """The <picture> markup (srcset, sizes, width, height, fetchpriority) is valid HTML."""
        page = self.new_page()
        documents = {}
        for path in self.paths:
            documents[path] = self.open(page, path).text()
        self.assertIn("<picture", documents[self.article.get_absolute_url()])
        self.assertEqual(nu_html_errors(documents), {})


@override_settings(IMAGES_SERVE_MEDIA=True)
class EditorKeepsPicturesTests(BrowserTestCase):
    """The admin's rich-text editor keeps a library picture in the text through a save."""

    def setUp(self):
        super().setUp()
        get_user_model().objects.create_superuser("editor", "editor@example.com", STAFF_PASSWORD)
        self.chart = make_image(picture_bytes(800, 500, format="PNG"), alt_text="A bar chart")
        src = self.chart.renditions.closest(800).url
        self.article = make_article(
            title="Ports reopen",
            body=f'<p>Ships are moving.</p>\n\n<p><img src="{src}" alt="" '
            f'data-image="{self.chart.pk}"></p>\n\n<p>Queues are shorter.</p>',
        )

    def test_saving_in_the_editor_keeps_the_reference(self):
        page = self.new_page()
        log_in_to_admin(self, page, "editor")
        self.open(page, reverse("admin:articles_article_change", args=[self.article.pk]))
        body = page.get_by_role("textbox", name="Body")
        # The picture is shown in the editor, as the library's rendition.
        self.assertEqual(body.locator("img[data-image]").count(), 1)
        body.get_by_text("Queues are shorter.").click()
        page.keyboard.press("End")
        page.keyboard.type(" Much shorter.")
        page.get_by_role("button", name="Save", exact=True).click()
        self.assertIn("was changed successfully", page.locator(".messagelist").inner_text())
        self.article.refresh_from_db()
        self.assertIn("Much shorter.", self.article.body)
        self.assertIn(f'data-image="{self.chart.pk}"', self.article.body)
        self.open(page, self.article.get_absolute_url())
        self.assertEqual(
            page.locator(".article__body picture img").get_attribute("alt"), "A bar chart"
        )

    def test_picture_picked_from_the_library_is_inserted(self):
        """The editor's "Insert a picture" opens the library's list; the one picked lands in
        the text as a reference, drawn on the article page with the library's alt text."""
        port = make_image(picture_bytes(1200, 700), alt_text="Cranes at the port")
        page = self.new_page()
        log_in_to_admin(self, page, "editor")
        self.open(page, reverse("admin:articles_article_change", args=[self.article.pk]))
        body = page.get_by_role("textbox", name="Body")
        body.get_by_text("Ships are moving.").click()
        page.keyboard.press("End")
        with page.expect_popup() as popup_info:
            page.get_by_role("link", name="Insert a picture from the library").click()
        popup = popup_info.value
        popup.wait_for_load_state()
        popup.locator("#result_list").get_by_role("link", name="Cranes at the port").click()
        body.locator(f'img[data-image="{port.pk}"]').wait_for()
        page.get_by_role("button", name="Save", exact=True).click()
        self.assertIn("was changed successfully", page.locator(".messagelist").inner_text())
        self.article.refresh_from_db()
        self.assertIn(f'data-image="{port.pk}"', self.article.body)
        self.assertIn(f'data-image="{self.chart.pk}"', self.article.body)
        self.open(page, self.article.get_absolute_url())
        alts = page.locator(".article__body picture img").evaluate_all(
            "images => images.map(image => image.alt)"
        )
        self.assertEqual(alts, ["Cranes at the port", "A bar chart"])
