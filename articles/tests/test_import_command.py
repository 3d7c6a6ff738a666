"""The import command itself: paths and folders, format detection, progress and summary."""

import io
from unittest import mock

from django.test import TestCase

from articles.management.commands import import_articles as command
from articles.models import Article, SourceFormat

from .importing import FIXTURES, import_articles, page, temporary_folder, write_file, wxr, wxr_item


class PathsTests(TestCase):
    def setUp(self):
        self.folder = temporary_folder(self)

    def test_folders_are_read_recursively_and_formats_detected(self):
        """Files in sub-folders are found; the format comes from the content, not the name."""
        write_file(self.folder, "2019/march/depot.dat", (FIXTURES / "saved-page.txt").read_bytes())
        write_file(
            self.folder, "exports/site-export.txt", (FIXTURES / "export.wxr.xml").read_bytes()
        )
        write_file(self.folder, ".hidden/ignored.txt", page(title="Hidden"))
        write_file(self.folder, ".DS_Store", b"\x00\x01")
        result = import_articles(self.folder)
        self.assertFalse(result.failed, result.output)
        self.assertIn("depot.dat (saved article page): created", result.stdout)
        self.assertIn("site-export.txt (WordPress export): 8 items", result.stdout)
        self.assertIn("2 files in", result.stdout)
        self.assertEqual(Article.objects.count(), 5)
        self.assertFalse(Article.objects.filter(title="Hidden").exists())

    def test_each_files_line_names_its_format_with_the_formats_label(self):
        """The lines name formats as SourceFormat's labels do, without their abbreviations."""
        self.assertEqual(
            {fmt: fmt.short_label for fmt in SourceFormat},
            {
                SourceFormat.TEXT: "saved article page",
                SourceFormat.WXR: "WordPress export",
                SourceFormat.HTML: "saved web page",
                SourceFormat.WARC: "web archive",
                SourceFormat.FEED: "feed",
                SourceFormat.FEED_SUMMARY: "feed entry, summary only",
            },
        )

    def test_several_paths_at_once(self):
        first = write_file(self.folder, "one.txt", page(title="First story"))
        second = write_file(self.folder, "two.txt", page(title="Second story"))
        result = import_articles(first, second)
        self.assertIn("2 files in", result.stdout)
        self.assertIn("2 created, 0 updated, 0 unchanged, 0 skipped, 0 failed", result.stdout)

    def test_same_page_under_two_names_in_one_run(self):
        """Two files that are the same source in one run: the second is skipped and said so."""
        path = write_file(self.folder, "steel.txt", page())
        result = import_articles(path, path)
        self.assertIn(f"a duplicate of “Steel output rises” ({path}); skipped", result.stdout)
        self.assertIn("1 created, 0 updated, 0 unchanged, 1 skipped", result.stdout)
        self.assertEqual(Article.objects.count(), 1)

    def test_duplicate_slug_gets_a_suffix(self):
        """A second article with an existing title gets its own address, nothing is overwritten."""
        write_file(self.folder, "a.txt", page())
        write_file(self.folder, "b.txt", page(body=("Different words.",)))
        import_articles(self.folder)
        self.assertEqual(
            sorted(Article.objects.values_list("slug", flat=True)),
            ["steel-output-rises", "steel-output-rises-2"],
        )

    def test_a_failed_file_does_not_hide_the_same_source_in_a_later_one(self):
        bad = write_file(self.folder, "a/steel.txt", page(date="31/02/2018"))
        good = write_file(self.folder, "b/steel.txt", page())
        result = import_articles(bad, good)
        self.assertIn("1 created, 0 updated, 0 unchanged, 0 skipped, 1 failed", result.stdout)


class ProgressTests(TestCase):
    def test_plain_progress_lines_without_a_terminal(self):
        """Not on a terminal: a plain line with the count and rate every so many posts."""
        with mock.patch.object(command, "PLAIN_PROGRESS_EVERY", 2):
            result = import_articles(FIXTURES / "export.wxr.xml")
        self.assertRegex(result.stdout, r"export\.wxr\.xml: 2 posts read \([\d,]+/s\)")
        self.assertRegex(result.stdout, r"export\.wxr\.xml: 4 posts read \([\d,]+/s\)")
        self.assertNotIn("\r", result.stdout)

    def test_progress_bar_on_a_terminal(self):
        """On a terminal: a bar with the count and the rate."""
        terminal = io.StringIO()
        terminal.isatty = lambda: True
        with mock.patch.object(command.sys, "stderr", terminal):
            result = import_articles(FIXTURES / "export.wxr.xml")
        self.assertFalse(result.failed, result.output)
        self.assertRegex(terminal.getvalue(), r"export\.wxr\.xml: .*4 posts \[.*posts/s\]")

    def test_files_bar_on_a_terminal(self):
        """Several files on a terminal: a bar over the files with count and rate."""
        folder = temporary_folder(self)
        write_file(folder, "one.txt", page(title="First story"))
        write_file(folder, "two.txt", page(title="Second story"))
        terminal = io.StringIO()
        terminal.isatty = lambda: True
        with mock.patch.object(command.sys, "stderr", terminal):
            result = import_articles(folder)
        self.assertIn("2 created", result.stdout)
        self.assertRegex(terminal.getvalue(), r"2/2 \[.* files/s\]")

    def test_quiet(self):
        """-v 0: no progress and no notes, the summary only."""
        with mock.patch.object(command, "PLAIN_PROGRESS_EVERY", 1):
            result = import_articles(FIXTURES / "export.wxr.xml", verbosity=0)
        self.assertNotIn("posts read", result.stdout)
        self.assertIn("4 created", result.stdout)


class QuietAndAtomicTests(TestCase):
    def setUp(self):
        self.folder = temporary_folder(self)

    def test_quiet_prints_no_file_lines(self):
        """-v 0: the summary alone, not a line per file."""
        write_file(self.folder, "one.txt", page(title="First story"))
        write_file(self.folder, "two.txt", page(title="Second story"))
        result = import_articles(self.folder, verbosity=0)
        self.assertNotIn("one.txt", result.stdout)
        self.assertNotIn("created “", result.stdout)
        self.assertEqual(result.stdout.count("\n"), 1, result.stdout)
        self.assertIn("2 created", result.stdout)

    def test_quiet_still_names_a_failed_file(self):
        bad = write_file(self.folder, "bad.txt", page(date="31/02/2018"))
        result = import_articles(bad, verbosity=0)
        self.assertTrue(result.failed)
        self.assertIn("bad.txt: FAILED", result.stderr)

    def test_atomic_writes_nothing_when_a_file_fails(self):
        """--atomic: one bad file and the good files before and after it are not written."""
        write_file(self.folder, "a.txt", page(title="First story"))
        write_file(self.folder, "b.txt", page(date="31/02/2018"))
        write_file(self.folder, "c.txt", page(title="Third story"))
        result = import_articles(self.folder, atomic=True)
        self.assertTrue(result.failed)
        self.assertIn("--atomic: nothing was written", result.stdout)
        self.assertFalse(Article.objects.exists())

    def test_atomic_writes_everything_when_all_succeed(self):
        write_file(self.folder, "a.txt", page(title="First story"))
        write_file(self.folder, "c.txt", page(title="Third story"))
        result = import_articles(self.folder, atomic=True)
        self.assertFalse(result.failed, result.output)
        self.assertEqual(Article.objects.count(), 2)

    def test_default_keeps_the_good_files(self):
        write_file(self.folder, "a.txt", page(title="First story"))
        write_file(self.folder, "b.txt", page(date="31/02/2018"))
        result = import_articles(self.folder)
        self.assertTrue(result.failed)
        self.assertEqual(Article.objects.count(), 1)

    def test_utf16_export(self):
        """A WordPress export saved as UTF-16 with a BOM is detected and read."""
        text = wxr(wxr_item(1, "Wide characters"))
        text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
        path = write_file(self.folder, "wide.xml", text.encode("utf-16"))
        result = import_articles(path)
        self.assertFalse(result.failed, result.output)
        self.assertEqual(Article.objects.get().title, "Wide characters")

    def test_utf16_page(self):
        """A saved page in UTF-16 (with its BOM, as some Windows editors save) is decoded."""
        for codec in ["utf-16", "utf-16-be"]:
            with self.subTest(codec=codec):
                raw = page(title=f"Steel in {codec}").encode(codec)
                if codec == "utf-16-be":
                    raw = b"\xfe\xff" + raw
                result = import_articles(write_file(self.folder, f"{codec}.txt", raw))
                self.assertFalse(result.failed, result.output)
                self.assertTrue(Article.objects.filter(title=f"Steel in {codec}").exists())
