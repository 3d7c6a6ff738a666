"""Identity of imported articles: never by a bare file name; the same content never twice."""

from django.test import TestCase

from articles.models import Article

from .importing import import_articles, page, temporary_folder, write_file

STEEL = page(title="Steel output rises", body=("Mills ran at full capacity.",))
COPPER = page(title="Copper mines halt output", date="06/04/2020", body=("Two mines stopped.",))


class SameFileNameTests(TestCase):
    """Two different pages both called index.txt, in two folders."""

    def setUp(self):
        folder = temporary_folder(self)
        self.first = write_file(folder, "steel/index.txt", STEEL)
        self.second = write_file(folder, "copper/index.txt", COPPER)

    def assert_two_articles(self):
        self.assertEqual(
            sorted(Article.objects.values_list("title", flat=True)),
            ["Copper mines halt output", "Steel output rises"],
        )
        steel = Article.objects.get(title="Steel output rises")
        self.assertIn("Mills ran at full capacity.", steel.body)

    def test_in_one_run(self):
        result = import_articles(self.first, self.second)
        self.assertFalse(result.failed, result.output)
        self.assertIn("2 created, 0 updated, 0 unchanged, 0 skipped", result.stdout)
        self.assert_two_articles()

    def test_in_two_runs(self):
        import_articles(self.first)
        result = import_articles(self.second)
        self.assertIn("1 created, 0 updated", result.stdout)
        self.assert_two_articles()

    def test_in_two_runs_the_other_way_round(self):
        import_articles(self.second)
        import_articles(self.first)
        self.assert_two_articles()

    def test_again_both_are_unchanged(self):
        import_articles(self.first, self.second)
        result = import_articles(self.second, self.first)
        self.assertIn("0 created, 0 updated, 2 unchanged", result.stdout)
        self.assert_two_articles()


class DuplicateContentTests(TestCase):
    def setUp(self):
        self.folder = temporary_folder(self)
        self.path = write_file(self.folder, "steel.txt", STEEL)

    def test_a_copy_under_another_name_is_a_duplicate(self):
        """A byte-identical copy under another name: reported as a duplicate, no second article."""
        import_articles(self.path)
        copy = write_file(self.folder, "archive/steel-copy.txt", STEEL)
        result = import_articles(copy)
        self.assertFalse(result.failed, result.output)
        self.assertIn("duplicate of “Steel output rises”", result.stdout)
        self.assertIn("0 created, 0 updated, 0 unchanged, 1 skipped", result.stdout)
        self.assertEqual(Article.objects.count(), 1)

    def test_a_copy_in_the_same_run_is_a_duplicate(self):
        copy = write_file(self.folder, "other/steel.txt", STEEL)
        result = import_articles(self.path, copy)
        self.assertIn("duplicate of “Steel output rises”", result.stdout)
        self.assertEqual(Article.objects.count(), 1)

    def test_a_copy_in_the_same_dry_run_is_a_duplicate(self):
        copy = write_file(self.folder, "other/copy.txt", STEEL)
        result = import_articles(self.path, copy, dry_run=True)
        self.assertIn("duplicate of “Steel output rises”", result.stdout)
        self.assertIn("1 created, 0 updated, 0 unchanged, 1 skipped", result.stdout)

    def test_with_the_url_first_then_without(self):
        """The same page with --source-url, then without: one article, the second a duplicate."""
        import_articles(self.path, source_url="https://wire.example.com/steel/")
        copy = write_file(self.folder, "copy.txt", STEEL)
        result = import_articles(copy)
        self.assertIn("duplicate of “Steel output rises”", result.stdout)
        article = Article.objects.get()
        self.assertEqual(article.source_url, "https://wire.example.com/steel/")

    def test_a_copy_in_utf16_is_a_duplicate(self):
        """The same words saved as UTF-16 by a Windows editor are the same content."""
        import_articles(self.path)
        copy = write_file(self.folder, "steel-utf16.txt", STEEL.encode("utf-16"))
        result = import_articles(copy)
        self.assertFalse(result.failed, result.output)
        self.assertIn("duplicate of “Steel output rises”", result.stdout)
        self.assertEqual(Article.objects.count(), 1)

    def test_the_same_title_with_other_words_is_another_article(self):
        import_articles(self.path)
        other = write_file(self.folder, "b/half.txt", page(body=("Mills ran at half capacity.",)))
        result = import_articles(other)
        self.assertIn("1 created", result.stdout)
        self.assertEqual(Article.objects.count(), 2)

    def test_a_retitled_page_under_the_same_name_is_another_article(self):
        """Without a URL, a file name alone never identifies an article."""
        import_articles(self.path)
        write_file(self.folder, "steel.txt", page(title="Copper output falls"))
        result = import_articles(self.path)
        self.assertIn("1 created", result.stdout)
        self.assertEqual(Article.objects.count(), 2)

    def test_an_edited_copy_updates_in_place(self):
        """Same file name, title and date, other words: a corrected page, updated and said so."""
        import_articles(self.path)
        write_file(self.folder, "steel.txt", page(body=("Mills ran at full capacity.", "Fixed.")))
        result = import_articles(self.path)
        self.assertIn("an edited copy of the page imported before", result.stdout)
        self.assertIn("0 created, 1 updated", result.stdout)
        self.assertIn("Fixed.", Article.objects.get().body)
