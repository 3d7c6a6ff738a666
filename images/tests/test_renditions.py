"""Renditions: sizes, formats, orientation, colours, and no metadata left in any of them."""

import io
from unittest import mock

from django.core.files.storage import default_storage
from django.test import TestCase
from PIL import ExifTags
from PIL import Image as PILImage

from .factories import GPS, make_image, picture_bytes, swapped_rgb_profile


def open_rendition(rendition):
    with default_storage.open(rendition.name, "rb") as handle:
        data = handle.read()
    return data, PILImage.open(io.BytesIO(data))


class MetadataTests(TestCase):
    def test_gps_in_upload_absent_from_every_rendition(self):
        """A camera's GPS position, maker and comment never reach any rendition."""
        data = picture_bytes(2000, 1200, gps=True)
        uploaded = PILImage.open(io.BytesIO(data))
        self.assertEqual(uploaded.getexif().get_ifd(ExifTags.IFD.GPSInfo), GPS)
        image = make_image(data)
        renditions = image.renditions.all()
        self.assertEqual(len(renditions), 8)
        for rendition in renditions:
            with self.subTest(rendition=rendition.name):
                raw, picture = open_rendition(rendition)
                self.assertEqual(dict(picture.getexif()), {})
                self.assertEqual(picture.getexif().get_ifd(ExifTags.IFD.GPSInfo), {})
                for key in ["exif", "comment", "icc_profile", "xmp"]:
                    self.assertNotIn(key, picture.info)
                self.assertNotIn(b"CameraMaker", raw)
                self.assertNotIn(b"secret location", raw)
                self.assertNotIn(b"Exif\0\0", raw)

    def test_colour_profile_converted_to_srgb(self):
        """Pixels in another colour space are converted to sRGB, and the profile dropped."""
        buffer = io.BytesIO()
        PILImage.new("RGB", (500, 300), (200, 30, 30)).save(
            buffer, "JPEG", quality=95, icc_profile=swapped_rgb_profile()
        )
        image = make_image(buffer.getvalue())
        for rendition in image.renditions.all():
            _, picture = open_rendition(rendition)
            red, _, blue = picture.convert("RGB").getpixel((250, 150))[:3]
            # Red in the file's own numbers is blue to the eye: so it must be in sRGB.
            self.assertGreater(blue, 150)
            self.assertLess(red, 60)
            self.assertNotIn("icc_profile", picture.info)


class SizeTests(TestCase):
    def widths(self, image, format="WEBP"):
        return [r.width for r in image.renditions.of_format(format)]

    def test_widths_never_upscaled(self):
        """Each width up to the original's: 1000 px gives 400, 800 and 1000."""
        image = make_image(picture_bytes(1000, 500))
        self.assertEqual(self.widths(image), [400, 800, 1000])
        for rendition in image.renditions.all():
            _, picture = open_rendition(rendition)
            self.assertEqual(picture.size, (rendition.width, rendition.height))
            self.assertEqual(picture.height, rendition.width // 2)

    def test_large_original_stops_at_1600(self):
        """A 3000 px photo is served at 400, 800, 1200 and 1600 px at most."""
        image = make_image(picture_bytes(3000, 1000))
        self.assertEqual(self.widths(image), [400, 800, 1200, 1600])

    def test_small_original_keeps_its_size(self):
        """A 300 px logo is served at 300 px, not blown up."""
        image = make_image(picture_bytes(300, 100, format="PNG"), name="logo.png")
        self.assertEqual(self.widths(image, "PNG"), [300])

    def test_photo_falls_back_to_jpeg_graphic_to_png(self):
        """WebP for all; the fallback is JPEG for photos and PNG for graphics."""
        photo = make_image(picture_bytes(500, 300))
        chart = make_image(picture_bytes(500, 300, format="PNG"), name="chart.png")
        self.assertEqual(photo.renditions.fallback_format, "JPEG")
        self.assertEqual(chart.renditions.fallback_format, "PNG")
        for image, formats in [(photo, {"WEBP", "JPEG"}), (chart, {"WEBP", "PNG"})]:
            found = {open_rendition(r)[1].format for r in image.renditions.all()}
            self.assertEqual(found, formats)

    def test_transparent_graphic_keeps_transparency(self):
        """A PNG with transparency keeps it in its WebP and PNG renditions."""
        image = make_image(picture_bytes(500, 300, format="PNG", mode="RGBA"), name="logo.png")
        for rendition in image.renditions.all():
            _, picture = open_rendition(rendition)
            self.assertEqual(picture.convert("RGBA").getpixel((250, 150))[3], 128)

    def test_orientation_applied(self):
        """A photo stored on its side with EXIF orientation 6 is served upright."""
        image = make_image(picture_bytes(1000, 600, orientation=6))
        self.assertEqual((image.width, image.height), (600, 1000))
        rendition = image.renditions.fallback[0]
        _, picture = open_rendition(rendition)
        self.assertEqual(picture.size, (400, 667))
        # The white corner, top left as stored, is top right once turned.
        self.assertGreater(min(picture.getpixel((picture.width - 2, 1))), 200)
        self.assertLess(min(picture.getpixel((1, 1))), 200)

    def test_animated_gif_first_frame(self):
        """An animated GIF's renditions show its first frame."""
        frames = [PILImage.new("RGB", (400, 200), colour) for colour in ["red", "blue"]]
        buffer = io.BytesIO()
        frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
        image = make_image(buffer.getvalue(), name="anim.gif")
        _, picture = open_rendition(image.renditions.fallback[0])
        red, green, blue = picture.convert("RGB").getpixel((10, 10))
        self.assertGreater(red, 200)
        self.assertLess(blue, 50)


class MadeOnceTests(TestCase):
    def test_renditions_exist_after_save(self):
        """Saving an image writes all its renditions to storage."""
        image = make_image(picture_bytes(900, 600))
        for rendition in image.renditions.all():
            self.assertTrue(default_storage.exists(rendition.name))

    def test_rendering_makes_nothing(self):
        """Building a picture's markup neither generates files nor asks the storage."""
        from images.templatetags.pictures import picture

        image = make_image(picture_bytes(900, 600))
        with (
            mock.patch("imagekit.cachefiles.ImageCacheFile.generate") as generate,
            mock.patch.object(type(default_storage._wrapped), "exists") as exists,
        ):
            picture(image, lead=True)
        generate.assert_not_called()
        exists.assert_not_called()
