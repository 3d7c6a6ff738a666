"""Bad input: each bad file is reported with its name, line and reason, and writes nothing."""

from django.db import IntegrityError, connection
from django.test import TestCase

from articles.importers import wxr
from articles.models import Article, Comment

from .importing import FIXTURES, import_articles, page, temporary_folder, write_file

WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
    "<title>Broken</title>\n<wp:base_blog_url>https://broken.example.com</wp:base_blog_url>\n"
)


def wxr_post(post_id, title="A post", date="2018-06-28 09:00:00"):
    return (
        f"<item><title>{title}</title><wp:post_id>{post_id}</wp:post_id>"
        f"<wp:post_date_gmt>{date}</wp:post_date_gmt><wp:status>publish</wp:status>"
        "<wp:post_type>post</wp:post_type>"
        "<content:encoded><![CDATA[<p>Body.</p>]]></content:encoded>"
        "<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>A</wp:comment_author>"
        "<wp:comment_content>Hi</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved></wp:comment></item>\n"
    )


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n'
    "<!DOCTYPE rss [\n"
    '  <!ENTITY lol "lol">\n'
    '  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    '  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
    "]>\n"
    '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&lol3;</title>'
    "</item></channel></rss>\n"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE rss [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>\n'
    '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&secret;</title>'
    "</item></channel></rss>\n"
)

BAD_FILES = {
    # name: (content, the reason the command must give)
    "impossible-date.txt": (page(date="31/02/2018"), "line 3: impossible date 31/02/2018"),
    "wrong-date.txt": (page(date="June 28, 2018"), "line 3: expected the date as dd/mm/yyyy"),
    "empty.txt": (b"", "empty file"),
    "blank.txt": ("\ufeff \n\u00a0\n\n", "empty file"),
    "latin1.txt": (
        "Caf\xe9 chain expands\n\n28/06/2018\n\nBody.\n".encode("latin-1"),
        "line 1: not UTF-8",
    ),
    "binary.txt": (b"Title\n\n\x00\x01\x02", "line 3: not a text file"),
    "no-title.txt": ("\n\n28/06/2018\n\nBody only.\n", "line 1: no title"),
    "no-body.txt": ("A title\n\n28/06/2018\n\nTags: x\n", "line 3: no body text"),
    "long-tag.txt": (page().replace("Tags:", "Tags: " + "x" * 101), "line 7: tag longer"),
    "malformed.xml": (WXR_HEAD + wxr_post(1) + "<item><title>Unclosed</item>", "malformed XML"),
    "bomb.xml": (BILLION_LAUGHS, "line 3: the file declares the XML entity “lol”"),
    "external.xml": (EXTERNAL_ENTITY, "line 2: the file declares the XML entity “secret”"),
    "bad-post-date.xml": (
        WXR_HEAD + wxr_post(1) + wxr_post(2, date="2018-02-31 10:00:00") + "</channel></rss>",
        "impossible date “2018-02-31 10:00:00”",
    ),
    "not-wxr.xml": ("<?xml version='1.0'?><catalog><book/></catalog>", "not a WordPress"),
    # Feeds and HTML pages are imported (test_import_feed.py, test_import_html.py); an
    # empty feed is refused.
    "empty-feed.xml": ("<?xml version='1.0'?><feed><title>Atom</title></feed>", "no entries"),
}


class BadFileTests(TestCase):
    """Every bad-input case: reported by name, line and reason; nothing written; exit non-zero."""

    def setUp(self):
        self.folder = temporary_folder(self)

    def test_each_bad_file(self):
        for name, (content, reason) in BAD_FILES.items():
            with self.subTest(name=name):
                path = write_file(self.folder, name, content)
                result = import_articles(path)
                self.assertTrue(result.failed, result.output)
                self.assertEqual(result.error.returncode, 1)
                self.assertIn(f"{path}: FAILED, ", result.stderr)
                self.assertIn(reason, result.stderr)
                self.assertIn("nothing from this file was written", result.stderr)
                self.assertIn(
                    "0 created, 0 updated, 0 unchanged, 0 skipped, 1 failed", result.stdout
                )
                self.assertNotIn("Traceback", result.output)
                self.assertFalse(Article.objects.exists())
                self.assertFalse(Comment.objects.exists())

    def test_missing_path(self):
        result = import_articles(f"{self.folder}/nowhere.txt")
        self.assertTrue(result.failed)
        self.assertIn("nowhere.txt: FAILED, No such file or directory", result.stderr)

    def test_a_bad_post_late_in_an_export_leaves_no_partial_import(self):
        """One transaction per file: the posts before the bad one are not kept either."""
        posts = "".join(wxr_post(n) for n in range(1, 30))
        content = WXR_HEAD + posts + wxr_post(99, date="2018-13-01 00:00:00") + "</channel></rss>"
        result = import_articles(write_file(self.folder, "late.xml", content))
        self.assertTrue(result.failed)
        self.assertIn("item 30 (post 99)", result.stderr)
        self.assertFalse(Article.objects.exists())
        self.assertFalse(Comment.objects.exists())

    def test_malformed_xml_reports_its_line(self):
        content = (
            WXR_HEAD + wxr_post(1) + "<item>\n<title>Bad & worse</title></item></channel></rss>"
        )
        result = import_articles(write_file(self.folder, "amp.xml", content))
        self.assertIn("line 8: malformed XML: not well-formed (invalid token)", result.stderr)

    def test_other_files_still_import(self):
        """Bad files fail alone: the good ones around them are imported, the summary counts all."""
        good = write_file(self.folder, "a-good.txt", page())
        bad = write_file(self.folder, "b-bad.txt", page(date="31/02/2018"))
        result = import_articles(good, bad, FIXTURES / "export.wxr.xml")
        self.assertTrue(result.failed)
        self.assertEqual(str(result.error), "1 of 3 files failed.")
        self.assertIn("5 created, 0 updated, 0 unchanged, 4 skipped, 1 failed", result.stdout)
        self.assertEqual(Article.objects.count(), 5)

    def test_existing_article_survives_a_bad_update(self):
        """A source that turns bad loses nothing already stored."""
        path = write_file(self.folder, "steel.txt", page())
        import_articles(path)
        write_file(self.folder, "steel.txt", page(date="30/02/2020"))
        result = import_articles(path)
        self.assertTrue(result.failed)
        self.assertEqual(Article.objects.get().title, "Steel output rises")

    def test_too_large_page(self):
        path = write_file(self.folder, "huge.txt", page() + "x" * (2 * 1024 * 1024))
        result = import_articles(path)
        self.assertIn("too large for a saved page", result.stderr)

    def test_source_url_needs_exactly_one_file(self):
        write_file(self.folder, "one.txt", page())
        write_file(self.folder, "two.txt", page(title="Another"))
        result = import_articles(self.folder, source_url="https://example.com/a/")
        self.assertIn("--source-url is the address of one page, but 2 files", str(result.error))
        self.assertFalse(Article.objects.exists())

    def test_unsafe_or_malformed_source_url_is_refused(self):
        """Only http(s) addresses: anything else is refused with a clear error, nothing stored."""
        path = write_file(self.folder, "steel.txt", page())
        for url in ["javascript:alert(1)", "not-a-url", "ftp://example.com/a", "https://"]:
            with self.subTest(url=url):
                result = import_articles(path, source_url=url)
                self.assertTrue(result.failed)
                self.assertIn("--source-url must be a web address", str(result.error))
                self.assertFalse(Article.objects.exists())


class OversizedPostTests(TestCase):
    def test_a_post_over_the_limit_is_skipped_and_reported(self):
        """A post whose content is over the length limit is skipped; the others import."""
        folder = temporary_folder(self)
        huge = wxr_post(2).replace("<p>Body.</p>", "x" * (wxr.MAX_BODY + 1))
        content = WXR_HEAD + wxr_post(1) + huge + "</channel></rss>"
        result = import_articles(write_file(folder, "huge.xml", content))
        self.assertFalse(result.failed, result.output)
        self.assertIn("1 post too long", result.stdout)
        self.assertIn("item 2 (post 2): content of 2,000,001 characters", result.stdout)
        self.assertEqual(Article.objects.count(), 1)


class DatabaseRefusalTests(TestCase):
    def test_a_database_error_fails_the_file_with_a_message(self):
        """If the database refuses a write, the file is reported failed, with no traceback."""
        folder = temporary_folder(self)
        path = write_file(folder, "steel.txt", page())

        def refuse_writes(execute, sql, params, many, context):
            # As a database that refuses the row would (a constraint added by hand, say).
            if sql.lstrip().upper().startswith("INSERT"):
                raise IntegrityError("duplicate key value violates unique constraint")
            return execute(sql, params, many, context)

        with connection.execute_wrapper(refuse_writes):
            result = import_articles(path)
        self.assertTrue(result.failed)
        self.assertIn("FAILED, the database refused it (duplicate key value", result.stderr)
        self.assertNotIn("Traceback", result.output)
        self.assertFalse(Article.objects.exists())
