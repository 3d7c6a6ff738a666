"""The image library in the admin: thumbnails, search, filters and where each image is used."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from articles.tests.factories import make_article
from images.models import Image

from .factories import make_image, picture_bytes


class ImageAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
        cls.chart = make_image(picture_bytes(900, 600), alt_text="Chart of oil prices")
        cls.logo = make_image(picture_bytes(300, 100, format="PNG"), alt_text="Company logo")
        cls.article = make_article(title="Oil slides", lead_image=cls.chart)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_list_shows_thumbnails_and_usage(self):
        """Each row has a rendition thumbnail (never the original) and its usage count."""
        response = self.client.get(reverse("admin:images_image_changelist"))
        self.assertContains(response, self.chart.renditions.closest(400, "WEBP").url)
        self.assertNotContains(response, self.chart.file.url)
        self.assertContains(response, '<td class="field-usage">1</td>', html=True)
        self.assertContains(response, '<td class="field-usage">0</td>', html=True)

    def test_list_query_count_constant(self):
        """The list runs the same queries for 2 images as for 12."""

        def count():
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                self.client.get(reverse("admin:images_image_changelist"))
            return len(queries)

        before = count()
        for _ in range(10):
            make_image(picture_bytes(200, 100))
        self.assertEqual(count(), before)

    def test_search_by_alt_text(self):
        response = self.client.get(reverse("admin:images_image_changelist"), {"q": "oil"})
        self.assertContains(response, "Chart of oil prices")
        self.assertNotContains(response, "Company logo")

    def test_filter_by_format(self):
        response = self.client.get(reverse("admin:images_image_changelist"), {"format": "PNG"})
        self.assertContains(response, "Company logo")
        self.assertNotContains(response, "Chart of oil prices")

    def test_change_page_lists_articles_using_it(self):
        response = self.client.get(reverse("admin:images_image_change", args=[self.chart.pk]))
        self.assertContains(response, "Oil slides")
        self.assertContains(
            response, reverse("admin:articles_article_change", args=[self.article.pk])
        )

    def test_image_in_use_cannot_be_deleted(self):
        """Deleting an image an article uses is refused, naming the article."""
        url = reverse("admin:images_image_delete", args=[self.chart.pk])
        response = self.client.post(url, {"post": "yes"})
        self.assertContains(response, "Oil slides")
        self.assertTrue(type(self.chart).objects.filter(pk=self.chart.pk).exists())

    def test_article_form_picks_from_the_library(self):
        """The article form's lead image opens the library's list (thumbnails, search) to
        pick from, and shows the chosen image's name."""
        response = self.client.get(reverse("admin:articles_article_change", args=[self.article.pk]))
        self.assertContains(response, 'name="lead_image"')
        self.assertContains(response, f'value="{self.chart.pk}"')
        library = reverse("admin:images_image_changelist")
        self.assertContains(response, f'href="{library}?_to_field=id"')
        self.assertContains(response, "Chart of oil prices")
        popup = self.client.get(library, {"_to_field": "id", "_popup": "1", "q": "logo"})
        self.assertContains(popup, "Company logo")
        self.assertContains(popup, self.logo.renditions.closest(400, "WEBP").url)
        self.assertNotContains(popup, "Chart of oil prices")

    def test_alt_text_constraint_in_database(self):
        """The database itself refuses an image with neither alt text nor 'decorative'."""
        from django.db import IntegrityError, transaction

        with transaction.atomic(), self.assertRaises(IntegrityError):
            type(self.chart).objects.filter(pk=self.logo.pk).update(alt_text="", decorative=False)


class LibraryUseInTextTests(TestCase):
    """Pictures in article bodies: the editor's reference view, and the image's usage."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
        cls.chart = make_image(picture_bytes(900, 600), alt_text="Chart of oil prices")
        src = cls.chart.renditions.closest(800).url
        cls.article = make_article(
            title="Oil slides",
            body=f'<p>Text.</p><p><img src="{src}" data-image="{cls.chart.pk}"></p>',
        )
        cls.url = reverse("admin:images_image_reference", args=[cls.chart.pk])

    def test_reference_for_the_editor(self):
        """Staff get the reference the editor inserts: the number and a rendition."""
        self.client.force_login(self.editor)
        response = self.client.get(self.url)
        self.assertEqual(
            response.json(),
            {"image": self.chart.pk, "src": self.chart.renditions.closest(800).url, "alt": ""},
        )
        missing = reverse("admin:images_image_reference", args=[self.chart.pk + 100])
        self.assertEqual(self.client.get(missing).status_code, 404)

    def test_reference_needs_staff_with_view_permission(self):
        self.assertRedirects(self.client.get(self.url), f"{reverse('admin:login')}?next={self.url}")
        clerk = get_user_model().objects.create_user("clerk", password="pw", is_staff=True)
        self.client.force_login(clerk)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_change_page_lists_articles_showing_it_in_the_text(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("admin:images_image_change", args=[self.chart.pk]))
        self.assertContains(response, "Oil slides</a> (in the text)")

    def test_picture_shown_in_a_text_cannot_be_deleted(self):
        """The delete page names the article and deleting is refused."""
        self.client.force_login(self.editor)
        url = reverse("admin:images_image_delete", args=[self.chart.pk])
        response = self.client.get(url)
        self.assertContains(response, "Oil slides</a> (shows it in its text)")
        self.client.post(url, {"post": "yes"})
        self.assertTrue(Image.objects.filter(pk=self.chart.pk).exists())
