"""WordPress identities reused for other posts, and taxonomy terms never dropped silently."""

from django.test import TestCase

from articles.models import Article

from .importing import import_articles, temporary_folder, write_file, wxr, wxr_item


class CollisionTests(TestCase):
    """Two exports of the same site address reuse post id 5 (as test-data exports do)."""

    def setUp(self):
        self.folder = temporary_folder(self)
        first = wxr_item(5, "Copper climbs", "2018-06-28 09:00:00", "<p>Copper rose.</p>")
        self.first = write_file(self.folder, "one.xml", wxr(first))
        import_articles(self.first)

    def test_a_different_post_under_the_same_id_is_refused(self):
        """Title, date and body all differ: refused, the first article untouched, exit 1."""
        other = wxr_item(5, "Bank merger approved", "2020-01-02 10:00:00", "<p>Banks merge.</p>")
        result = import_articles(write_file(self.folder, "two.xml", wxr(other)))
        self.assertTrue(result.failed)
        self.assertIn("1 refused", result.stdout)
        self.assertIn("refused, probably another article under the same identity", result.stdout)
        self.assertIn("--force", result.stdout)
        self.assertIn("1 post refused", str(result.error))
        article = Article.objects.get()
        self.assertEqual(article.title, "Copper climbs")
        self.assertIn("Copper rose.", article.body)

    def test_force_overwrites(self):
        other = wxr_item(5, "Bank merger approved", "2020-01-02 10:00:00", "<p>Banks merge.</p>")
        result = import_articles(write_file(self.folder, "two.xml", wxr(other)), force=True)
        self.assertFalse(result.failed, result.output)
        self.assertEqual(Article.objects.get().title, "Bank merger approved")

    def test_a_changed_title_is_reported_with_old_and_new(self):
        edited = wxr_item(5, "Copper climbs again", "2018-06-28 09:00:00", "<p>Copper rose.</p>")
        result = import_articles(write_file(self.folder, "one.xml", wxr(edited)))
        self.assertFalse(result.failed, result.output)
        self.assertIn("1 updated", result.stdout)
        self.assertIn("title changed from “Copper climbs” to “Copper climbs again”", result.stdout)

    def test_a_changed_date_is_reported_with_old_and_new(self):
        edited = wxr_item(5, "Copper climbs", "2018-06-29 10:30:00", "<p>Copper rose more.</p>")
        result = import_articles(write_file(self.folder, "one.xml", wxr(edited)))
        self.assertIn("date changed from 2018-06-28 09:00 to 2018-06-29 10:30", result.stdout)
        self.assertEqual(Article.objects.get().body, "<p>Copper rose more.</p>")

    def test_with_atomic_a_refusal_writes_nothing_from_the_run(self):
        new = write_file(self.folder, "new.xml", wxr(wxr_item(6, "New post")))
        other = wxr_item(5, "Bank merger approved", "2020-01-02 10:00:00", "<p>Banks merge.</p>")
        bad = write_file(self.folder, "two.xml", wxr(other))
        result = import_articles(new, bad, atomic=True)
        self.assertTrue(result.failed)
        self.assertIn("--atomic: nothing was written", result.stdout)
        self.assertEqual(list(Article.objects.values_list("title", flat=True)), ["Copper climbs"])


class TermTests(TestCase):
    def import_terms(self, *terms, **options):
        folder = temporary_folder(self)
        path = write_file(folder, "terms.xml", wxr(wxr_item(1, "Tagged", terms=terms)))
        result = import_articles(path, **options)
        self.assertFalse(result.failed, result.output)
        return result, Article.objects.get()

    def test_categories_without_a_domain_are_categories(self):
        """Older exports write <category>boat</category>: a category, so a tag here."""
        _result, article = self.import_terms((None, "Boats"), ("post_tag", "Harbour"))
        self.assertEqual(sorted(article.tags.names()), ["Boats", "Harbour"])

    def test_other_taxonomies_are_reported(self):
        """A term of a taxonomy we do not keep is named in the report, never dropped silently."""
        result, article = self.import_terms(("post_format", "post-format-aside"), ("series", "Q3"))
        self.assertEqual(list(article.tags.names()), [])
        self.assertIn("“post-format-aside” (post_format) on 1 post", result.stdout)
        self.assertIn("“Q3” (series) on 1 post", result.stdout)

    def test_categories_left_out_when_asked_are_reported(self):
        result, article = self.import_terms((None, "Boats"), no_categories=True)
        self.assertEqual(list(article.tags.names()), [])
        self.assertIn("categories left out (--no-categories): “Boats”", result.stdout)
