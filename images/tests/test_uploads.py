"""Uploads in the admin: what is accepted, what is refused and why, and that a refused file
leaves nothing behind."""

import io
import re
from unittest import skipUnless

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from PIL import Image as PILImage
from PIL import features

from images.models import Image

from .factories import picture_bytes


class UploadTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.editor)

    def upload(self, data, name="photo.jpg", content_type="image/jpeg", **fields):
        form = {"alt_text": "A chart of quarterly revenue", "caption": "", "credit": ""}
        form.update(fields)
        form["file"] = SimpleUploadedFile(name, data, content_type=content_type)
        return self.client.post(reverse("admin:images_image_add"), form)

    def assertRefused(self, response, message):
        """The form came back with this message for the file, and nothing was stored."""
        self.assertEqual(response.status_code, 200)
        errors = re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', response.content.decode())
        self.assertTrue(any(message in error for error in errors), errors)
        self.assertFalse(Image.objects.exists())
        media = settings.MEDIA_ROOT
        stored = [path for path in media.rglob("*") if path.is_file()] if media.exists() else []
        self.assertEqual(stored, [])


class AcceptedUploadTests(UploadTestCase):
    def test_jpeg_is_stored_with_its_facts(self):
        """A JPEG upload becomes an image with size, format, digest and uploader."""
        response = self.upload(picture_bytes(1000, 600), name="My Photo.JPG")
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        self.assertEqual((image.width, image.height, image.format), (1000, 600, "JPEG"))
        self.assertEqual(image.uploaded_by, self.editor)
        self.assertEqual(image.original_name, "My Photo.JPG")
        self.assertEqual(len(image.sha256), 64)
        # Stored under its digest, not the uploader's file name.
        self.assertEqual(image.file.name, f"originals/{image.sha256[:2]}/{image.sha256}.jpg")

    def test_each_allowed_format(self):
        """PNG, WebP and GIF are accepted too, whatever name they carry."""
        for format in ["PNG", "WEBP", "GIF"]:
            with self.subTest(format=format):
                data = picture_bytes(300, 200, format=format)
                response = self.upload(data, name="picture.bin", content_type="application/x")
                self.assertEqual(response.status_code, 302)
                self.assertEqual(Image.objects.latest().format, format)

    @skipUnless(features.check("avif"), "this Pillow cannot read AVIF")
    def test_avif_when_pillow_reads_it(self):
        """AVIF is accepted when the installed Pillow reads it, and gets WebP and JPEG copies."""
        response = self.upload(picture_bytes(600, 400, format="AVIF"), name="photo.avif")
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        self.assertEqual((image.format, image.width), ("AVIF", 600))
        self.assertEqual(image.renditions.fallback_format, "JPEG")

    def test_type_comes_from_content_not_name(self):
        """A PNG named .jpg is stored as the PNG it is."""
        self.upload(picture_bytes(300, 200, format="PNG"), name="chart.jpg")
        image = Image.objects.get()
        self.assertEqual(image.format, "PNG")
        self.assertTrue(image.file.name.endswith(".png"))

    def test_quarter_turned_photo_has_displayed_size(self):
        """A portrait photo stored landscape with an EXIF orientation has its displayed size."""
        self.upload(picture_bytes(1000, 600, orientation=6))
        image = Image.objects.get()
        self.assertEqual((image.width, image.height), (600, 1000))

    def test_same_file_twice_is_one_image(self):
        """Uploading the same file again points to the image already in the library."""
        data = picture_bytes(400, 300)
        self.upload(data)
        first = Image.objects.get()
        response = self.upload(data, name="copy.jpg", alt_text="Another description")
        self.assertContains(response, "This file is already in the library")
        self.assertContains(response, reverse("admin:images_image_change", args=[first.pk]))
        self.assertEqual(Image.objects.count(), 1)


class AltTextTests(UploadTestCase):
    def test_alt_text_required(self):
        """Without alt text (and not decorative) the upload is refused, saying what to do."""
        response = self.upload(picture_bytes(300, 200), alt_text="  ")
        self.assertRefused(response, "Describe the picture for readers who cannot see it")

    def test_decorative_needs_no_alt_text(self):
        """A decorative picture is accepted without alt text and gets an empty alt."""
        response = self.upload(picture_bytes(300, 200), alt_text="", decorative="on")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Image.objects.get().alt, "")


class RefusedUploadTests(UploadTestCase):
    def test_html_disguised_as_jpeg(self):
        """An HTML page named .jpg and sent as image/jpeg is refused."""
        html = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
        self.assertRefused(
            self.upload(html, name="photo.jpg"),
            "This file is not a JPEG, PNG, WebP, GIF",
        )

    def test_svg_disguised_as_png(self):
        """An SVG (which can carry script) named .png is refused."""
        svg = (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
            b'height="10"><script>alert(1)</script></svg>'
        )
        self.assertRefused(
            self.upload(svg, name="logo.png", content_type="image/png"),
            "its content decides, not its name",
        )

    def test_gif_header_in_front_of_html(self):
        """A GIF signature followed by HTML (a polyglot) is refused."""
        polyglot = b"GIF89a\x10\x00\x10\x00\x80\x00\x00<html><script>alert(1)</script>"
        self.assertRefused(self.upload(polyglot, name="x.gif"), "This file is not a JPEG")

    def test_truncated_jpeg(self):
        """A JPEG cut off half way is refused as damaged."""
        data = picture_bytes(800, 600)
        self.assertRefused(self.upload(data[: len(data) // 2]), "damaged or incomplete")

    def test_truncated_png(self):
        """A PNG cut off half way is refused as damaged."""
        data = picture_bytes(800, 600, format="PNG")
        self.assertRefused(
            self.upload(data[: len(data) // 2], name="c.png"), "damaged or incomplete"
        )

    def test_decompression_bomb(self):
        """A small file claiming a huge picture is refused before it is decoded."""
        buffer = io.BytesIO()
        PILImage.new("1", (8_000, 8_000)).save(buffer, "PNG")  # 64 megapixels, ~10 KB
        self.assertLess(len(buffer.getvalue()), 100_000)
        self.assertRefused(
            self.upload(buffer.getvalue(), name="bomb.png"), "the largest accepted is 50,000,000"
        )

    @override_settings(IMAGES_MAX_PIXELS=10**12)
    def test_decompression_bomb_caught_by_pillow_too(self):
        """With our own limit raised, Pillow's own bomb check still refuses a huge picture."""
        buffer = io.BytesIO()
        PILImage.new("1", (20_000, 20_000)).save(buffer, "PNG")
        self.assertRefused(
            self.upload(buffer.getvalue(), name="bomb.png"), "too many pixels for its file size"
        )

    @override_settings(IMAGES_MAX_UPLOAD_BYTES=50_000)
    def test_over_size_limit(self):
        """A file over the size limit is refused with both sizes in the message."""
        data = picture_bytes(600, 400, format="PNG") + b"\0" * 60_000
        self.assertRefused(self.upload(data, name="big.png"), "the largest accepted is 49 KB")

    def test_default_size_limit_is_20_mb(self):
        """The default limit is 20 MB (20 × 1024 × 1024 bytes)."""
        self.assertEqual(settings.IMAGES_MAX_UPLOAD_BYTES, 20 * 1024 * 1024)

    def test_empty_file(self):
        """An empty file is refused with Django's own clear message."""
        self.assertRefused(self.upload(b""), "The submitted file is empty")
