"""Lead images in the WordPress export, and back in through the import."""

import xml.etree.ElementTree as ET

from django.test import TestCase

from articles.models import Article
from articles.tests.importing import import_articles, run_command, temporary_folder
from images.models import Image

from .factories import make_image, picture_bytes

WP = "{http://wordpress.org/export/1.2/}"


class ExportTests(TestCase):
    def setUp(self):
        self.folder = temporary_folder(self)
        self.image = make_image(
            picture_bytes(900, 600),
            name="Port Cranes.jpg",
            alt_text="Cranes at the port",
            caption="The port reopened on Monday.",
            credit="Photo: the newsroom",
        )
        self.article = make_article_with(self.image)

    def export(self, *args):
        out = f"{self.folder}/export.xml"
        result = run_command("export_articles", "-o", out, "--base-url", "https://a.example", *args)
        self.assertFalse(result.failed, result.output)
        return out, result

    def test_attachment_and_featured_image_written(self):
        """The lead image is an attachment item, and the post names it as _thumbnail_id."""
        out, result = self.export("--media-dir", f"{self.folder}/uploads")
        self.assertIn(
            "1 library images (lead images and pictures in bodies) as attachments, "
            "their files copied",
            result.stderr,
        )
        channel = ET.parse(out).getroot().find("channel")
        items = {item.find(f"{WP}post_type").text: item for item in channel.iter("item")}
        attachment, post = items["attachment"], items["post"]
        meta = {
            m.find(f"{WP}meta_key").text: m.find(f"{WP}meta_value").text
            for m in post.iter(f"{WP}postmeta")
        }
        self.assertEqual(meta["_thumbnail_id"], attachment.find(f"{WP}post_id").text)
        url = attachment.find(f"{WP}attachment_url").text
        self.assertRegex(
            url, r"^https://a\.example/wp-content/uploads/\d{4}/\d\d/port-cranes-\w{8}\.jpg$"
        )
        copied = f"{self.folder}/uploads/" + url.split("/wp-content/uploads/")[1]
        with open(copied, "rb") as handle, self.image.file.open("rb") as original:
            self.assertEqual(handle.read(), original.read())

    def test_round_trip(self):
        """Exported with its media and imported into an empty archive, the article has the
        same image (same file, alt text and caption) as its lead image."""
        out, _ = self.export("--media-dir", f"{self.folder}/uploads")
        sha = self.image.sha256
        Article.objects.all().delete()
        Image.objects.all().delete()
        result = import_articles(out, media_dir=f"{self.folder}/uploads")
        self.assertIn("images: 1 added, 1 lead images", result.stdout)
        article = Article.objects.get()
        self.assertEqual(article.lead_image.sha256, sha)
        self.assertEqual(article.lead_image.alt_text, "Cranes at the port")
        self.assertEqual(article.lead_image.caption, "The port reopened on Monday.")

    def test_without_media_dir(self):
        _, result = self.export()
        self.assertIn("without their files (use --media-dir)", result.stderr)


def make_article_with(image):
    from articles.tests.factories import make_article

    return make_article(title="Port reopens", lead_image=image)


class BodyPictureExportTests(TestCase):
    """A library picture inside a body travels as an attachment and comes back as a library
    reference to the same picture, never as a number that means another image elsewhere."""

    def setUp(self):
        from articles.tests.factories import make_article

        self.folder = temporary_folder(self)
        self.chart = make_image(
            picture_bytes(900, 600, format="PNG"), name="Output.png", alt_text="Output chart"
        )
        # An image of the target archive that has the same number must not be shown instead.
        rendition = self.chart.renditions.closest(800)
        self.article = make_article(
            title="Steel output",
            body=f'Mills restarted.\n\n<img src="{rendition.url}" alt="old alt" '
            f'data-image="{self.chart.pk}">\n\nOrders rose.',
        )

    def export(self, *args):
        out = f"{self.folder}/export.xml"
        result = run_command("export_articles", "-o", out, "--base-url", "https://a.example", *args)
        self.assertFalse(result.failed, result.output)
        return out

    def test_the_export_has_the_attachment_and_a_plain_img(self):
        out = self.export("--media-dir", f"{self.folder}/uploads")
        channel = ET.parse(out).getroot().find("channel")
        items = {item.find(f"{WP}post_type").text: item for item in channel.iter("item")}
        url = items["attachment"].find(f"{WP}attachment_url").text
        body = items["post"].find("{http://purl.org/rss/1.0/modules/content/}encoded").text
        self.assertIn(f'src="{url}"', body)
        self.assertIn('alt="Output chart"', body)  # the image's alt text now, not the saved one
        self.assertNotIn("data-image", body)

    def test_round_trip_gives_the_same_picture_back(self):
        out = self.export("--media-dir", f"{self.folder}/uploads")
        sha = self.chart.sha256
        Article.objects.all().delete()
        Image.objects.all().delete()
        other = make_image(picture_bytes(300, 200), alt_text="Another archive's picture")
        result = import_articles(out, media_dir=f"{self.folder}/uploads")
        self.assertFalse(result.failed, result.output)
        self.assertIn("1 body images linked", result.stdout)
        article = Article.objects.get()
        image = Image.objects.get(sha256=sha)
        self.assertIn(f'data-image="{image.pk}"', article.body)
        self.assertNotEqual(image.pk, other.pk)
        page = self.client.get(article.get_absolute_url())
        self.assertContains(page, image.renditions.webp[0].url)
        self.assertContains(page, 'alt="Output chart"')
        self.assertNotContains(page, "Another archive")
