import datetime
from unittest import skipUnless

from django.test import TestCase
from django.urls import reverse

from articles.models import Article, ArticleSlug, Comment

from .factories import make_article, make_comment
from .importing import (
    FIXTURES,
    SAMPLE_PAGE,
    SAMPLES_ABSENT,
    import_articles,
    page,
    temporary_folder,
    write_file,
)

SAVED_PAGE = FIXTURES / "saved-page.txt"


class SavedPageImportTests(TestCase):
    """The project's own saved page: title, date, paragraphs, tags, and no page furniture."""

    @classmethod
    def setUpTestData(cls):
        cls.result = import_articles(SAVED_PAGE, source_url="https://wire.example.com/depot/")
        cls.article = Article.objects.get()

    def test_one_published_article_with_title_and_date(self):
        """The title line and the dd/mm/yyyy date line become title and publication date."""
        self.assertFalse(self.result.failed, self.result.output)
        self.assertEqual(
            self.article.title, "Harbourline Logistics opens its first inland cold-chain depot"
        )
        self.assertEqual(self.article.status, Article.Status.PUBLISHED)
        self.assertEqual(self.article.published_at.date(), datetime.date(2019, 3, 14))
        self.assertTrue(self.article.allow_comments)

    def test_body_is_cleaned_without_changing_words(self):
        """BOM, CRLF, non-breaking-space lines and runs of spaces go; every word stays."""
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(
            response,
            "<p>Harbourline Logistics opened its first inland depot on Thursday, "
            "a refrigerated hub beside the motorway.</p>",
            html=True,
        )
        self.assertContains(
            response,
            "<p>The depot can hold 4,000 pallets at two temperatures &amp; serves three ports.</p>",
            html=True,
        )
        # Text that looks like markup is text: it is shown, not interpreted.
        self.assertContains(
            response,
            "<p>The company plans two more depots &lt;if planning permission is granted&gt;.</p>",
            html=True,
        )
        self.assertNotIn("\ufeff", self.article.title)
        self.assertNotIn("\r", self.article.body)
        self.assertNotIn("\u00a0", self.article.body)

    def test_page_furniture_is_never_body(self):
        """The Tags: line and the comment form's text stay out of the body."""
        for furniture in ["Tags:", "Leave a Reply", "Your email address", "Required fields"]:
            self.assertNotIn(furniture, self.article.body)

    def test_tags_section_becomes_tags(self):
        """Comma-separated tags, case-insensitively deduplicated, empty entries ignored."""
        self.assertEqual(sorted(self.article.tags.names()), ["Cold chain", "Logistics"])

    def test_repeated_paragraph_is_reported_and_dropped(self):
        """A pull quote repeating an earlier paragraph is named in the output and dropped."""
        self.assertIn("line 17: paragraph repeats line 11 word for word", self.result.stdout)
        self.assertIn("dropped", self.result.stdout)
        self.assertEqual(self.article.body.count("We built it where the motorways meet"), 1)
        self.assertEqual(self.article.body_html.count("<p>"), 5)

    def test_provenance_is_recorded(self):
        """Source URL, file name, format, import time and the source's SHA-256."""
        self.assertEqual(self.article.source_url, "https://wire.example.com/depot/")
        self.assertEqual(self.article.source_file, "saved-page.txt")
        self.assertEqual(self.article.source_format, Article.SourceFormat.TEXT)
        self.assertIsNotNone(self.article.imported_at)
        self.assertRegex(self.article.source_sha256, r"^[0-9a-f]{64}$")
        self.assertEqual(self.article.source_name, "wire.example.com")

    def test_article_page_shows_provenance_line(self):
        """'Originally published by <source> on <date>; archived <date>.'"""
        archived = self.article.imported_at
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(
            response,
            '<p class="provenance">Originally published by '
            '<a href="https://wire.example.com/depot/" rel="noopener noreferrer">'
            "wire.example.com</a> on "
            '<time datetime="2019-03-14T00:00:00+00:00">14 March 2019</time>; archived '
            f'<time datetime="{archived.replace(microsecond=0).isoformat()}">{archived.day} '
            f"{archived:%B %Y}</time>.</p>",
            html=True,
        )

    def test_summary_line(self):
        self.assertIn("created “Harbourline Logistics", self.result.stdout)
        self.assertIn("1 created, 0 updated, 0 unchanged, 0 skipped, 0 failed", self.result.stdout)


class RepeatedParagraphOptionTests(TestCase):
    def test_keep_repeated_paragraphs(self):
        """--keep-repeated-paragraphs keeps the pull quote, and still reports it."""
        run = import_articles(SAVED_PAGE, keep_repeated_paragraphs=True)
        self.assertIn("paragraph repeats line 11 word for word", run.stdout)
        self.assertIn("kept", run.stdout)
        body = Article.objects.get().body
        self.assertEqual(body.count("We built it where the motorways meet"), 2)


class EmptyTagsTests(TestCase):
    def test_empty_tags_section_means_no_tags(self):
        """An empty Tags: section gives an article without tags, and the page says so."""
        folder = temporary_folder(self)
        run = import_articles(write_file(folder, "steel.txt", page()))
        self.assertFalse(run.failed, run.output)
        article = Article.objects.get()
        self.assertEqual(list(article.tags.names()), [])
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "This article has no tags.")

    def test_provenance_without_a_source(self):
        """With no source name or URL, the provenance line names none, and links nowhere."""
        folder = temporary_folder(self)
        import_articles(write_file(folder, "steel.txt", page()))
        article = Article.objects.get()
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "Originally published on")
        self.assertNotContains(response, "Originally published by")


class RepeatImportTests(TestCase):
    """Importing again changes nothing; a changed source updates the article in place."""

    def setUp(self):
        self.folder = temporary_folder(self)
        self.path = write_file(self.folder, "steel.txt", page())

    def test_same_file_twice_leaves_one_article_and_says_so(self):
        import_articles(self.path)
        first = Article.objects.get()
        run = import_articles(self.path)
        self.assertIn("unchanged “Steel output rises”", run.stdout)
        self.assertIn("0 created, 0 updated, 1 unchanged", run.stdout)
        self.assertEqual(Article.objects.count(), 1)
        again = Article.objects.get()
        self.assertEqual(again.updated_at, first.updated_at)
        self.assertEqual(again.imported_at, first.imported_at)

    def test_changed_source_updates_in_place_keeping_comments_and_url(self):
        import_articles(self.path)
        article = Article.objects.get()
        make_comment(article, body="Kept across imports.")
        url = article.get_absolute_url()
        old_digest = article.source_sha256
        write_file(
            self.folder,
            "steel.txt",
            page(body=("Mills ran at full capacity.", "A correction was added.")),
        )
        run = import_articles(self.path)
        self.assertIn("updated “Steel output rises”", run.stdout)
        self.assertIn("0 created, 1 updated, 0 unchanged", run.stdout)
        article.refresh_from_db()
        self.assertEqual(article.get_absolute_url(), url)
        self.assertIn("A correction was added.", article.body)
        self.assertNotEqual(article.source_sha256, old_digest)
        self.assertEqual(Comment.objects.filter(article=article).count(), 1)
        response = self.client.get(url)
        self.assertContains(response, "Kept across imports.")

    def test_url_given_later_updates_the_same_article(self):
        """A page imported by file name, then again with its URL: one article, URL recorded."""
        import_articles(self.path)
        run = import_articles(self.path, source_url="https://wire.example.com/steel/")
        self.assertIn("updated “Steel output rises”", run.stdout)
        article = Article.objects.get()
        self.assertEqual(article.source_url, "https://wire.example.com/steel/")
        self.assertEqual(article.source_id, "https://wire.example.com/steel/")
        again = import_articles(self.path, source_url="https://wire.example.com/steel/")
        self.assertIn("unchanged", again.stdout)
        self.assertEqual(Article.objects.count(), 1)

    def test_only_whitespace_changes_are_unchanged(self):
        """The digest is of the normalised source: CRLF or extra spaces change nothing."""
        import_articles(self.path)
        write_file(self.folder, "steel.txt", page().replace("\n", "\r\n").replace(" ", "  "))
        run = import_articles(self.path)
        self.assertIn("1 unchanged", run.stdout)

    def test_force_rewrites_an_unchanged_article(self):
        import_articles(self.path)
        run = import_articles(self.path, force=True)
        self.assertIn("0 created, 1 updated, 0 unchanged", run.stdout)

    def test_dry_run_writes_nothing(self):
        """--dry-run reports what would happen and leaves the database as it was."""
        run = import_articles(self.path, dry_run=True)
        self.assertIn("would be created “Steel output rises”", run.stdout)
        self.assertIn("Dry run, nothing was written.", run.stdout)
        self.assertFalse(Article.objects.exists())

    def test_dry_run_of_a_changed_source(self):
        import_articles(self.path)
        write_file(self.folder, "steel.txt", page(body=("A correction.",)))
        run = import_articles(self.path, dry_run=True)
        self.assertIn("would be updated", run.stdout)
        self.assertNotIn("A correction.", Article.objects.get().body)


@skipUnless(SAMPLE_PAGE.exists(), SAMPLES_ABSENT)
class SamplePageTests(TestCase):
    """The real saved page from the samples folder."""

    @classmethod
    def setUpTestData(cls):
        cls.result = import_articles(SAMPLE_PAGE)
        cls.article = Article.objects.get()

    def test_one_published_article_dated_28_june_2018(self):
        self.assertFalse(self.result.failed, self.result.output)
        self.assertEqual(self.article.status, Article.Status.PUBLISHED)
        self.assertEqual(self.article.published_at.date(), datetime.date(2018, 6, 28))
        self.assertTrue(self.article.is_public)

    def test_title_body_no_tags_comments_open(self):
        self.assertEqual(
            self.article.title,
            "Google invests in JD: e-commerce platforms accelerate internationalization",
        )
        self.assertEqual(list(self.article.tags.names()), [])
        self.assertTrue(self.article.allow_comments)
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, "<p>JD owner Richard Liu announced", status_code=200)
        self.assertContains(response, "Leave a Reply")  # our own form, not the source's text
        self.assertNotIn("Leave a Reply", self.article.body)
        self.assertNotIn("Your email address", self.article.body)
        self.assertNotIn("Tags:", self.article.body)
        self.assertNotIn("\u00a0", self.article.body)
        self.assertNotIn("  ", self.article.body)
        self.assertEqual(self.article.body.count("The plan is to merge JD.com"), 1)

    def test_importing_twice_leaves_one_article(self):
        run = import_articles(SAMPLE_PAGE)
        self.assertIn("1 unchanged", run.stdout)
        self.assertEqual(Article.objects.count(), 1)

    def test_listed_on_the_home_page(self):
        response = self.client.get(reverse("articles:article-list"))
        self.assertContains(response, "Google invests in JD")


class NonLatinTagTests(TestCase):
    def test_greek_tag_links_to_its_page(self):
        """A tag in Greek letters keeps them in its slug, and its page answers."""
        folder = temporary_folder(self)
        text = page().replace("Tags:", "Tags: Περιεχόμενο, Logistics")
        import_articles(write_file(folder, "greek.txt", text))
        article = Article.objects.get()
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "Περιεχόμενο")
        tag = article.tags.get(name="Περιεχόμενο")
        tag_page = self.client.get(reverse("articles:tag-detail", args=[tag.slug]))
        self.assertContains(tag_page, "Steel output rises")


class StoredLikeTheAdminTests(TestCase):
    def test_imported_body_is_what_save_would_store(self):
        """Bulk-written articles get the same sanitised body and rendering as Article.save()."""
        import_articles(SAVED_PAGE)
        imported = Article.objects.get()
        saved = Article(title="Same body", body=imported.body)
        saved.save()
        self.assertEqual(imported.body_html, saved.body_html)

    def test_an_old_address_gives_way_to_an_imported_article(self):
        """A slug kept as another article's old address now serves the imported article."""
        other = make_article(title="Steel output rises")
        other.slug = "steel-output-rises-renamed"
        other.save()
        self.assertEqual(self.client.get("/articles/steel-output-rises/").status_code, 301)
        folder = temporary_folder(self)
        import_articles(write_file(folder, "steel.txt", page()))
        imported = Article.objects.get(source_format=Article.SourceFormat.TEXT)
        self.assertEqual(imported.slug, "steel-output-rises")
        response = self.client.get(imported.get_absolute_url())
        self.assertContains(response, "Mills ran at full capacity.")
        self.assertFalse(ArticleSlug.objects.filter(slug="steel-output-rises").exists())
