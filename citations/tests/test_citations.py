import datetime
import json

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import make_article
from citations.formats import Work, apa, bibtex, chicago, csl_json, ris

PUBLISHED = datetime.datetime(2018, 6, 28, 9, 30, tzinfo=datetime.UTC)
ARCHIVED = datetime.datetime(2024, 3, 5, 12, 0, tzinfo=datetime.UTC)


def work(**changes):
    fields = {
        "title": "Google invests $550 million in JD.com",
        "published": datetime.date(2018, 6, 28),
        "archived": datetime.date(2024, 3, 5),
        "permanent_url": "https://archive.example/articles/google-jd/",
        "archive_name": "Business News Archive",
        "source_name": "Example Wire",
        "source_url": "https://wire.example/2018/06/google-jd",
    }
    fields.update(changes)
    byline = fields.pop("byline", "Jane Q. Smith and Li Wei")
    return Work.from_byline(byline, **fields)


class FormatTests(TestCase):
    def test_apa_names_authors_by_initials_and_gives_both_addresses(self):
        """APA: family name and initials, the date as (year, Month day), the original and
        the archived copy."""
        self.assertEqual(
            apa(work()),
            "Smith, J. Q., & Wei, L. (2018, June 28). Google invests $550 million in JD.com. "
            "Example Wire. https://wire.example/2018/06/google-jd (archived 5 March 2024 by "
            "Business News Archive: https://archive.example/articles/google-jd/)",
        )

    def test_chicago_inverts_only_the_first_author(self):
        """Chicago: the first author inverted, the others in order, quoted title."""
        text = chicago(work())
        self.assertTrue(text.startswith("Smith, Jane Q., and Li Wei. \u201cGoogle invests"))
        self.assertIn("Example Wire, June 28, 2018.", text)
        self.assertIn("Archived March 5, 2024, at Business News Archive", text)

    def test_an_agency_byline_stays_one_name(self):
        """A byline with a one-word name is an organisation, never split into a person."""
        text = bibtex(work(byline="Reuters"))
        self.assertIn("author = {{Reuters}}", text)
        self.assertIn("Reuters. (2018, June 28).", apa(work(byline="Reuters")))

    def test_no_byline_starts_apa_with_the_title(self):
        self.assertTrue(
            apa(work(byline="")).startswith("Google invests $550 million in JD.com. (2018")
        )

    def test_bibtex_escapes_its_special_characters(self):
        """Characters BibTeX reads as commands are escaped; the key is plain letters."""
        text = bibtex(work(title="Profit up 10% at A&B_C {holdings} #1"))
        self.assertIn(r"title = {{Profit up 10\% at A\&B\_C \{holdings\} \#1}}", text)
        self.assertTrue(text.startswith("@misc{smith2018profit,\n"))
        self.assertIn("author = {Smith, Jane Q. and Wei, Li}", text)
        self.assertIn("year = {2018},\n  month = {jun},\n  day = {28}", text)

    def test_ris_keeps_each_field_on_one_line(self):
        """A line break in a title would start an unknown RIS field: folded to a space."""
        text = ris(work(title="Two\nlines"))
        lines = text.split("\r\n")
        self.assertEqual(lines[0], "TY  - NEWS")
        self.assertIn("TI  - Two lines", lines)
        self.assertIn("AU  - Smith, Jane Q.", lines)
        self.assertIn("DA  - 2018/06/28/", lines)
        self.assertIn("Y2  - 2024/03/05/", lines)
        self.assertEqual(lines[-2], "ER  - ")

    def test_csl_json_is_one_item_with_date_parts(self):
        item = json.loads(csl_json(work()))[0]
        self.assertEqual(item["type"], "article-newspaper")
        self.assertEqual(item["issued"], {"date-parts": [[2018, 6, 28]]})
        self.assertEqual(item["accessed"], {"date-parts": [[2024, 3, 5]]})
        self.assertEqual(item["author"][0], {"family": "Smith", "given": "Jane Q."})
        self.assertEqual(item["URL"], "https://wire.example/2018/06/google-jd")
        self.assertEqual(item["archive_location"], "https://archive.example/articles/google-jd/")

    def test_without_a_source_the_archive_is_the_container_and_the_address(self):
        text = chicago(work(source_name="", source_url=""))
        self.assertIn(
            "Business News Archive, June 28, 2018. https://archive.example/articles/", text
        )


@override_settings(SITE_NAME="Test Archive")
class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title="Rates <b>held</b> & steady",
            byline="Ana Lima",
            published_at=PUBLISHED,
            source_name="Example Wire",
            source_url="https://wire.example/rates",
        )
        Article.objects.filter(pk=cls.article.pk).update(imported_at=ARCHIVED)

    def test_the_article_page_offers_every_format_without_javascript(self):
        """A closed <details> box holds each reference as selectable text, escaped."""
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, "<summary>Cite this article</summary>", html=True)
        for label in ("APA", "Chicago", "BibTeX", "RIS", "CSL-JSON"):
            self.assertContains(response, f">{label}</h3>")
        self.assertContains(
            response, "Lima, A. (2018, June 28). Rates &lt;b&gt;held&lt;/b&gt; &amp; steady."
        )
        self.assertContains(
            response, "archived 5 March 2024 by Test Archive: http://testserver/articles/"
        )
        self.assertNotContains(response, "<b>held</b>")

    def test_downloads_carry_the_reference_managers_types(self):
        for name, content_type, extension in [
            ("bibtex", "application/x-bibtex", "bib"),
            ("ris", "application/x-research-info-systems", "ris"),
            ("csl-json", "application/vnd.citationstyles.csl+json", "json"),
        ]:
            with self.subTest(name):
                url = reverse("citations:download", args=[self.article.slug, name])
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], f"{content_type}; charset=utf-8")
                self.assertEqual(
                    response["Content-Disposition"],
                    f'attachment; filename="{self.article.slug}.{extension}"',
                )
                self.assertIn("Rates", response.content.decode())

    def test_a_download_costs_two_queries(self):
        """The article, and its authors."""
        url = reverse("citations:download", args=[self.article.slug, "ris"])
        with self.assertNumQueries(2):
            self.client.get(url, HTTP_COOKIE="sessionid=x")

    def test_drafts_scheduled_and_unknown_formats_answer_404(self):
        draft = make_article(title="Draft", status=Article.Status.DRAFT)
        later = make_article(
            title="Later", published_at=timezone.now() + datetime.timedelta(days=1)
        )
        for slug, name in [(draft.slug, "ris"), (later.slug, "ris"), (self.article.slug, "docx")]:
            with self.subTest(slug=slug, name=name):
                response = self.client.get(reverse("citations:download", args=[slug, name]))
                self.assertEqual(response.status_code, 404)
