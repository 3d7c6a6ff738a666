"""Serving media in `make run`: renditions only, with headers that keep a browser from running
anything it is sent."""

from django.test import TestCase, override_settings

from .factories import make_image, picture_bytes


@override_settings(IMAGES_SERVE_MEDIA=True)
class MediaServingTests(TestCase):
    def setUp(self):
        # In setUp, not setUpTestData: each test has its own media folder (conftest.py).
        self.image = make_image(picture_bytes(500, 300))

    def test_rendition_served_with_safe_headers(self):
        """A rendition comes with its image type, nosniff, a sandboxing CSP, a long cache."""
        rendition = self.image.renditions.webp[0]
        response = self.client.get(rendition.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/webp")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        csp = response["Content-Security-Policy"]
        self.assertIn("default-src 'none'", csp)
        self.assertIn("sandbox", csp)
        self.assertNotIn("script-src", csp)
        self.assertIn("immutable", response["Cache-Control"])
        self.assertEqual(b"".join(response.streaming_content)[:4], b"RIFF")

    def test_original_not_served(self):
        """The uploaded original (with its metadata) is never served."""
        self.assertEqual(self.client.get(self.image.file.url).status_code, 404)

    def test_no_escape_from_media(self):
        """A path climbing out of the media folder finds nothing."""
        response = self.client.get("/media/renditions/../../manage.py")
        self.assertEqual(response.status_code, 404)

    def test_missing_file(self):
        self.assertEqual(self.client.get("/media/renditions/none.webp").status_code, 404)

    @override_settings(IMAGES_SERVE_MEDIA=False)
    def test_off_unless_asked(self):
        """With IMAGES_SERVE_MEDIA off (production) the app serves no media at all."""
        rendition = self.image.renditions.webp[0]
        self.assertEqual(self.client.get(rendition.url).status_code, 404)
