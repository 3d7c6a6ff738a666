"""WordPress attachments with `import_articles --media-dir`: files found become library
images, featured images become lead images, missing or bad files are counted, never fatal."""

import re
from unittest import skipUnless
from urllib.parse import urlsplit

from django.test import TestCase

from articles.models import Article
from articles.tests.importing import (
    SAMPLE_WXR,
    SAMPLES_ABSENT,
    import_articles,
    temporary_folder,
    write_file,
)
from images.models import Image

from .factories import picture_bytes

SITE = "https://news.example.com"


def attachment(post_id, url, alt="", title="", caption=""):
    meta = (
        f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta>"
        if alt
        else ""
    )
    return f"""<item><title>{title}</title>
        <excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded>
        <wp:post_id>{post_id}</wp:post_id><wp:status>inherit</wp:status>
        <wp:post_type>attachment</wp:post_type>
        <wp:attachment_url>{url}</wp:attachment_url>{meta}</item>"""


def post(post_id, title, thumbnail=None, body=None):
    meta = (
        f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{thumbnail}]]></wp:meta_value></wp:postmeta>"
        if thumbnail
        else ""
    )
    return f"""<item><title>{title}</title>
        <content:encoded><![CDATA[{body or f"<p>Text of {title}.</p>"}]]></content:encoded>
        <wp:post_id>{post_id}</wp:post_id>
        <wp:post_date_gmt>2019-03-04 09:00:00</wp:post_date_gmt>
        <wp:post_name>post-{post_id}</wp:post_name>
        <wp:status>publish</wp:status><wp:post_type>post</wp:post_type>{meta}</item>"""


def export(*items):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Demo Wire</title><link>{SITE}</link>
<wp:base_blog_url>{SITE}</wp:base_blog_url>
{"".join(items)}
</channel></rss>"""


UPLOADS = f"{SITE}/wp-content/uploads"


class MediaDirImportTests(TestCase):
    def setUp(self):
        self.folder = temporary_folder(self)
        self.media = f"{self.folder}/uploads"
        write_file(self.media, "2019/03/port.jpg", picture_bytes(1200, 800, gps=True))
        write_file(self.media, "2019/03/fake.png", b"<html><script>alert(1)</script></html>")
        # The featured image comes after its post, as it may in a real export.
        self.wxr = write_file(
            self.folder,
            "site.xml",
            export(
                post(101, "Port reopens", thumbnail=9),
                post(102, "No picture"),
                post(103, "Missing picture", thumbnail=10),
                post(
                    104,
                    "Picture in the text",
                    body=f'<p>Before.</p>\n\n<img src="{UPLOADS}/2019/03/port-300x200.jpg" '
                    'alt="" width="300" height="200" />\n\n'
                    '<p>After, with <img src="https://elsewhere.example/x.jpg" alt="x"></p>',
                ),
                attachment(
                    9, f"{UPLOADS}/2019/03/port.jpg", alt="Cranes at the port", title="port"
                ),
                attachment(10, f"{UPLOADS}/2019/03/gone.jpg", alt="Lost"),
                attachment(11, f"{UPLOADS}/2019/03/fake.png", alt="Not a picture"),
                attachment(12, f"{UPLOADS}/../../../etc/passwd", alt="Escape"),
            ),
        )

    def test_featured_image_becomes_lead_image(self):
        """The post's featured image is added to the library and becomes its lead image."""
        result = import_articles(self.wxr, media_dir=self.media)
        self.assertFalse(result.failed, result.output)
        article = Article.objects.get(slug="post-101")
        self.assertIsNotNone(article.lead_image)
        self.assertEqual(article.lead_image.alt_text, "Cranes at the port")
        self.assertEqual(article.lead_image.source_url, f"{UPLOADS}/2019/03/port.jpg")
        self.assertEqual((article.lead_image.width, article.lead_image.height), (1200, 800))
        self.assertIsNone(Article.objects.get(slug="post-102").lead_image)
        self.assertIsNone(Article.objects.get(slug="post-103").lead_image)

    def test_missing_and_refused_files_are_counted(self):
        """Missing files (and paths leaving the folder) and refused ones are reported."""
        result = import_articles(self.wxr, media_dir=self.media)
        self.assertIn(
            "images: 1 added, 2 missing, 1 refused, 1 lead images, 1 body images linked",
            result.stdout,
        )
        self.assertIn("attachment 10: no file for", result.stdout)
        self.assertIn("fake.png refused: This file is not a JPEG", result.stdout)
        self.assertEqual(Article.objects.count(), 4)
        self.assertEqual(Image.objects.count(), 1)

    def test_body_image_becomes_library_reference(self):
        """An <img> of an attachment (at a WordPress size) becomes a library reference,
        drawn from the renditions with the library's alt text, which edits follow."""
        import_articles(self.wxr, media_dir=self.media)
        article = Article.objects.get(slug="post-104")
        image = Image.objects.get()
        self.assertIn(f'data-image="{image.pk}"', article.body)
        self.assertIn("https://elsewhere.example/x.jpg", article.body)  # not ours: kept
        page = self.client.get(article.get_absolute_url()).content.decode()
        self.assertIn('alt="Cranes at the port"', page)
        self.assertIn(image.renditions.webp[0].url, page)
        self.assertNotIn("port-300x200.jpg", page)
        image.alt_text = "Three cranes at the port"
        image.save()
        page = self.client.get(article.get_absolute_url()).content.decode()
        self.assertIn('alt="Three cranes at the port"', page)

    def test_second_import_adds_nothing(self):
        """Importing again finds the image already in the library."""
        import_articles(self.wxr, media_dir=self.media)
        result = import_articles(self.wxr, media_dir=self.media)
        self.assertIn("images: 1 already in the library, 2 missing, 1 refused", result.stdout)
        self.assertEqual(Image.objects.count(), 1)

    def test_dry_run_stores_nothing(self):
        result = import_articles(self.wxr, media_dir=self.media, dry_run=True)
        self.assertIn("images: 2 found, 2 missing", result.stdout)
        self.assertEqual(Image.objects.count(), 0)

    def test_without_media_dir_attachments_are_skipped(self):
        result = import_articles(self.wxr)
        self.assertIn("4 attachments", result.stdout)
        self.assertNotIn("images:", result.stdout)
        self.assertEqual(Image.objects.count(), 0)

    def test_media_dir_must_exist(self):
        result = import_articles(self.wxr, media_dir=f"{self.folder}/nowhere")
        self.assertTrue(result.failed)
        self.assertIn("no such folder", str(result.error))


@skipUnless(SAMPLE_WXR.exists(), SAMPLES_ABSENT)
class ThemeTestMediaTests(TestCase):
    """WordPress's Theme Unit Test export with a media folder built here for its featured
    images (pictures drawn by the test: the export's own photos are not in the samples)."""

    def test_featured_images_imported(self):
        text = SAMPLE_WXR.read_text()
        items = re.findall(r"<item>.*?</item>", text, re.S)
        urls = {}
        for item in items:
            if "<wp:post_type>attachment</wp:post_type>" in item:
                post_id = re.search(r"<wp:post_id>(\d+)</wp:post_id>", item).group(1)
                urls[post_id] = re.search(r"<wp:attachment_url>([^<]+)<", item).group(1)
        featured = set(
            re.findall(r"_thumbnail_id</wp:meta_key>\s*<wp:meta_value><!\[CDATA\[(\d+)", text)
        )
        folder = temporary_folder(self)
        for post_id in featured & set(urls):
            write_file(folder, urlsplit(urls[post_id]).path.lstrip("/"), picture_bytes(900, 600))
        result = import_articles(SAMPLE_WXR, media_dir=folder)
        self.assertFalse(result.failed, result.output)
        with_lead = Article.objects.filter(lead_image__isnull=False)
        # Six featured images in the export; four of them belong to posts (two to pages).
        self.assertEqual(with_lead.count(), 4)
        self.assertIn("4 lead images", result.stdout)
        for title in [
            "Template: Featured Image (Horizontal)",
            "Template: Featured Image (Vertical)",
        ]:
            self.assertTrue(with_lead.filter(title=title).exists(), title)
        self.assertEqual(Image.objects.count(), len(featured & set(urls)))
        self.assertIn(f"{len(urls) - len(featured & set(urls))} missing", result.stdout)
        for article in with_lead:
            page = self.client.get(article.get_absolute_url())
            if article.status == Article.Status.PUBLISHED:
                self.assertContains(page, 'fetchpriority="high"')
