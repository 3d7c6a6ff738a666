"""Pictures of captured pages (saved HTML, WARC): the page's picture becomes the lead image
and pictures in its text library references, each with its address as source URL, from
the bytes the capture holds (never fetched); those it does not hold are left out and listed."""

import re
from html import escape

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from articles.tests import webpages
from articles.tests.importing import import_articles, temporary_folder, write_file
from articles.tests.webpages import at
from images.models import Image

from .factories import picture_bytes

LEAD_URL = "https://cdn.metals.example/uploads/2020/04/furnace.jpg"
CHART_URL = "https://metals.example/wp-content/uploads/2020/04/output-chart.png"
HTML = "text/html; charset=utf-8"


def page_with_pictures(lead=LEAD_URL, chart=CHART_URL):
    """The test article page with an og:image and a chart in its text (relative address)."""
    chart_path = chart.removeprefix("https://metals.example")
    return webpages.article_page(
        head_extra=(
            f'<meta property="og:image" content="{escape(lead)}">\n'
            '<meta property="og:image:alt" content="A blast furnace &amp; its crew at night">'
        ),
        extra_body=(
            f'<figure><img src="{escape(chart_path)}" '
            'alt="Monthly steel output, 2019-2020 (&quot;crude&quot;)">'
            "<figcaption>Output by month</figcaption></figure>"
            "<p>Mills expect the quotas to hold until the summer, the association said.</p>"
        ),
    )


def body_pictures(article):
    return re.findall(r"<img [^>]*>", article.body)


class SavedPageWithMediaDirTests(TestCase):
    """A saved page with its pictures in --media-dir, laid out as wget -p saves them."""

    def setUp(self):
        self.folder = temporary_folder(self)
        self.lead = picture_bytes(1600, 900, gps=True)
        self.chart = picture_bytes(900, 500, format="PNG")
        write_file(self.folder, "media/cdn.metals.example/uploads/2020/04/furnace.jpg", self.lead)
        chart_file = "media/metals.example/wp-content/uploads/2020/04/output-chart.png"
        write_file(self.folder, chart_file, self.chart)
        self.page = write_file(self.folder, "steel.html", page_with_pictures())
        self.result = import_articles(self.page, media_dir=f"{self.folder}/media")
        self.article = Article.objects.get()

    def test_page_picture_becomes_lead_image_with_its_address(self):
        self.assertFalse(self.result.failed, self.result.output)
        lead = self.article.lead_image
        self.assertIsNotNone(lead)
        self.assertEqual(lead.source_url, LEAD_URL)
        self.assertEqual(lead.alt_text, "A blast furnace & its crew at night")
        self.assertEqual((lead.width, lead.height), (1600, 900))

    def test_picture_in_text_becomes_library_reference(self):
        chart = Image.objects.get(source_url=CHART_URL)
        self.assertEqual(chart.alt_text, 'Monthly steel output, 2019-2020 ("crude")')
        [tag] = body_pictures(self.article)
        self.assertIn(f'data-image="{chart.pk}"', tag)
        self.assertNotIn("metals.example", tag)

    def test_article_page_shows_renditions_only(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, 'fetchpriority="high"')
        self.assertContains(response, 'alt="Monthly steel output, 2019-2020 (&quot;crude&quot;)"')
        self.assertNotContains(response, "cdn.metals.example")
        self.assertNotContains(response, "wp-content/uploads")

    def test_report_counts_pictures(self):
        self.assertIn("pictures: 2 added", self.result.output)
        self.assertIn("1 lead images, 1 pictures in text", self.result.output)

    def test_second_import_adds_nothing(self):
        body = self.article.body
        result = import_articles(self.page, media_dir=f"{self.folder}/media")
        self.assertFalse(result.failed, result.output)
        self.assertEqual(Image.objects.count(), 2)
        self.assertEqual(Article.objects.get().body, body)


class SavedPageWithoutPicturesTests(TestCase):
    """Without the pictures' bytes nothing is fetched: they are left out and listed."""

    def setUp(self):
        self.folder = temporary_folder(self)
        self.page = write_file(self.folder, "steel.html", page_with_pictures())

    def test_pictures_left_out_and_listed(self):
        result = import_articles(self.page)
        self.assertFalse(result.failed, result.output)
        article = Article.objects.get()
        self.assertIsNone(article.lead_image)
        self.assertEqual(body_pictures(article), [])
        self.assertFalse(Image.objects.exists())
        self.assertIn("pictures: 2 not in the capture", result.output)
        self.assertIn(f"picture {LEAD_URL}: not in the capture; left out", result.output)
        self.assertIn(f"picture {CHART_URL}: not in the capture; left out", result.output)

    def test_page_shows_no_address_of_another_site(self):
        import_articles(self.page)
        response = self.client.get(Article.objects.get().get_absolute_url())
        self.assertNotContains(response, "<img")
        self.assertNotContains(response, "cdn.metals.example")

    def test_refused_file_in_media_dir_is_counted(self):
        write_file(self.folder, "media/cdn.metals.example/uploads/2020/04/furnace.jpg", b"<html>")
        result = import_articles(self.page, media_dir=f"{self.folder}/media")
        self.assertFalse(result.failed, result.output)
        self.assertIn("1 refused", result.output)
        self.assertIsNone(Article.objects.get().lead_image)


class WarcPicturesTests(TestCase):
    """A crawl holding the page and, after it, its pictures' responses."""

    def setUp(self):
        self.folder = temporary_folder(self)
        self.lead = picture_bytes(1200, 800, gps=True)
        self.chart = picture_bytes(700, 400, format="PNG")
        records = [
            (webpages.URL, at(5, 10), 200, HTML, page_with_pictures(), []),
            (LEAD_URL, at(5, 11), 200, "image/jpeg", self.lead, []),
            (CHART_URL, at(5, 12), 200, "image/png", self.chart, []),
        ]
        self.path = write_file(self.folder, "crawl.warc.gz", webpages.warc_bytes(records))

    def test_pictures_from_the_crawl(self):
        result = import_articles(self.path)
        self.assertFalse(result.failed, result.output)
        article = Article.objects.get()
        self.assertEqual(article.lead_image.source_url, LEAD_URL)
        chart = Image.objects.get(source_url=CHART_URL)
        [tag] = body_pictures(article)
        self.assertIn(f'data-image="{chart.pk}"', tag)
        self.assertIn("pictures: 2 added", result.output)

    def test_gps_of_the_crawled_photo_not_in_its_renditions(self):
        import_articles(self.path)
        image = Article.objects.get().lead_image
        self.assertIn(b"CameraMaker", self.lead)
        for rendition in image.renditions.all():
            with default_storage.open(rendition.name) as f:
                raw = f.read()
            self.assertNotIn(b"CameraMaker", raw)
            self.assertNotIn(b"Exif\0\0", raw)

    def test_second_import_adds_nothing(self):
        import_articles(self.path)
        result = import_articles(self.path)
        self.assertFalse(result.failed, result.output)
        self.assertEqual(Image.objects.count(), 2)
        self.assertIn("1 unchanged", result.output)

    def test_dry_run_stores_nothing(self):
        result = import_articles(self.path, dry_run=True)
        self.assertFalse(result.failed, result.output)
        self.assertIn("2 found", result.output)
        self.assertFalse(Image.objects.exists())
        self.assertFalse(Article.objects.exists())

    def test_disguised_picture_in_the_crawl_is_refused(self):
        records = [
            (webpages.URL, at(5, 10), 200, HTML, page_with_pictures(), []),
            (LEAD_URL, at(5, 11), 200, "image/jpeg", b"<html><script>alert(1)</script>", []),
        ]
        path = write_file(self.folder, "bad.warc.gz", webpages.warc_bytes(records))
        result = import_articles(path)
        self.assertFalse(result.failed, result.output)
        self.assertIn("1 not in the capture, 1 refused", result.output)
        self.assertIsNone(Article.objects.get().lead_image)
        self.assertFalse(Image.objects.exists())

    def test_library_lists_the_imported_picture_with_its_source(self):
        import_articles(self.path)
        admin = get_user_model().objects.create_superuser("editor", password="pw-for-tests")
        self.client.force_login(admin)
        image = Image.objects.get(source_url=LEAD_URL)
        response = self.client.get(reverse("admin:images_image_change", args=[image.pk]))
        self.assertContains(response, LEAD_URL)


class SavedCompletePageTests(TestCase):
    """A page saved by a browser as "complete": its pictures in a folder beside it."""

    def test_pictures_beside_the_page_are_used(self):
        folder = temporary_folder(self)
        chart = picture_bytes(640, 360, format="PNG")
        write_file(folder, "Steel output rises_files/output-chart.png", chart)
        page = page_with_pictures(chart="https://metals.example/x").replace(
            b'src="/x"', b'src="./Steel%20output%20rises_files/output-chart.png"'
        )
        path = write_file(folder, "Steel output rises.html", page)
        result = import_articles(path)
        self.assertFalse(result.failed, result.output)
        image = Image.objects.get()
        self.assertEqual(image.width, 640)
        self.assertEqual(
            image.source_url, webpages.URL + "Steel%20output%20rises_files/output-chart.png"
        )
        [tag] = body_pictures(Article.objects.get())
        self.assertIn(f'data-image="{image.pk}"', tag)
        self.assertIn("1 not in the capture", result.output)  # the og:image, not saved

    def test_nothing_outside_the_page_folder_is_read(self):
        folder = temporary_folder(self)
        write_file(folder, "secret.png", picture_bytes(300, 200, format="PNG"))
        page = page_with_pictures(chart="https://metals.example/x").replace(
            b'src="/x"', b'src="../../secret.png"'
        )
        path = write_file(folder, "pages/saved/page.html", page)
        result = import_articles(path)
        self.assertFalse(result.failed, result.output)
        self.assertFalse(Image.objects.exists())
