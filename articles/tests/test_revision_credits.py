"""Revisions record the article's authors (in order) and corrections, compare and restore them."""

import datetime

import reversion
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, RevisionMark
from authors.credits import credit
from authors.models import Author, Byline
from corrections.models import Correction

from .adminforms import form_fields
from .factories import make_article
from .importing import import_articles, temporary_folder, write_file, wxr, wxr_item


def authors_of(article):
    return [byline.author.name for byline in Byline.objects.filter(article=article)]


class CreditRevisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser(
            "ed", "ed@example.com", "a-long-test-password"
        )

    def setUp(self):
        self.client.force_login(self.admin)
        self.article = make_article(title="Rail fares rise", body="Fares rise by 4%.")
        credit(self.article, ["Lena Ortiz", "Tom Reyes"])
        self.lena, self.tom = (
            Author.objects.get(name="Lena Ortiz"),
            Author.objects.get(name="Tom Reyes"),
        )
        self.url = reverse("admin:articles_article_change", args=[self.article.pk])

    def save(self, **changes):
        """Post the change form as a browser would, with these fields changed."""
        data = form_fields(self.client.get(self.url)) | {"_continue": "Save"} | changes
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        return response

    def add_note(self, text, **more):
        """The change form's fields that add one correction as its next row."""
        data = form_fields(self.client.get(self.url))
        n = int(data["corrections-TOTAL_FORMS"])
        return {
            "corrections-TOTAL_FORMS": str(n + 1),
            f"corrections-{n}-date_0": "2026-01-05",
            f"corrections-{n}-date_1": "10:00:00",
            f"corrections-{n}-kind": "correction",
            f"corrections-{n}-text": text,
            **more,
        }

    def versions(self):
        return list(Version.objects.get_for_object(self.article))

    def kept(self, version, model):
        return [
            v.field_dict
            for v in version.revision.version_set.all()
            if v.content_type.model_class() is model
        ]

    def test_a_save_records_the_authors_in_order_and_the_corrections(self):
        self.save(**self.add_note("Fares rise by 4%, not 5%."))
        latest = self.versions()[0]
        bylines = sorted(self.kept(latest, Byline), key=lambda row: row["position"])
        self.assertEqual([row["author_id"] for row in bylines], [self.lena.pk, self.tom.pk])
        notes = self.kept(latest, Correction)
        self.assertEqual([row["text"] for row in notes], ["Fares rise by 4%, not 5%."])
        self.assertTrue(RevisionMark.objects.filter(revision=latest.revision).exists())
        # The baseline, kept before this first change, had the authors and no note.
        baseline = self.versions()[1]
        self.assertEqual(len(self.kept(baseline, Byline)), 2)
        self.assertEqual(self.kept(baseline, Correction), [])

    def test_the_comparison_shows_authors_and_corrections(self):
        self.save()  # baseline and a first revision
        first_note = self.add_note("The rise is 4%.")
        self.save(
            **first_note,
            **{"bylines-0-position": "1", "bylines-1-position": "0"},  # Tom first now
        )
        note = Correction.objects.get()
        versions = self.versions()
        compare = reverse("admin:articles_article_compare", args=[self.article.pk])
        response = self.client.get(compare, {"from": versions[1].pk, "to": versions[0].pk})
        labels = [field["label"] for field in response.context["diff"]["fields"]]
        self.assertEqual(labels, ["Authors"])
        self.assertContains(
            response,
            "<del>Lena Ortiz, Tom Reyes</del> <ins>Tom Reyes, Lena Ortiz</ins>",
            html=True,
        )
        self.assertContains(response, "Corrections and updates, by note")
        self.assertContains(response, "<ins>Correction of")
        self.assertContains(response, "The rise is 4%.</ins>")
        # Then the note's text is edited: the comparison marks the words.
        fields = form_fields(self.client.get(self.url))
        self.assertEqual(fields["corrections-0-id"], str(note.pk))
        self.save(**{"corrections-0-text": "The rise is 4.5%."})
        versions = self.versions()
        response = self.client.get(compare, {"from": versions[1].pk, "to": versions[0].pk})
        self.assertContains(response, "<del>4%.</del> <ins>4.5%.</ins>", html=True)

    def test_restore_brings_back_the_authors_order_and_the_corrections(self):
        self.save()
        self.save(**self.add_note("The rise is 4%."))
        note = Correction.objects.get()
        with_note = self.versions()[0]
        # Then Lena is taken off the byline and the note deleted.
        self.save(**{"bylines-0-DELETE": "on", "corrections-0-DELETE": "on"})
        self.assertEqual(authors_of(self.article), ["Tom Reyes"])
        self.assertFalse(Correction.objects.exists())

        restore = reverse("admin:articles_article_restore", args=[self.article.pk, with_note.pk])
        self.client.post(restore)
        self.assertEqual(authors_of(self.article), ["Lena Ortiz", "Tom Reyes"])
        restored = Correction.objects.get()
        self.assertEqual((restored.pk, restored.text), (note.pk, "The rise is 4%."))
        # The article page shows them again.
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, "The rise is 4%.")
        self.assertContains(response, self.lena.get_absolute_url())

        # Restoring the revision from before the note takes the note away again, and that
        # too is a revision that can be undone.
        before_note = self.versions()[-1]
        self.client.post(
            reverse("admin:articles_article_restore", args=[self.article.pk, before_note.pk])
        )
        self.assertFalse(Correction.objects.exists())
        self.assertEqual(self.kept(self.versions()[1], Correction)[0]["text"], "The rise is 4%.")

    def test_an_author_deleted_since_is_named_and_left_out(self):
        self.save()
        first = self.versions()[0]
        self.save(**{"bylines-1-DELETE": "on"})
        tom_id = self.tom.pk
        self.tom.delete()
        versions = self.versions()
        compare = reverse("admin:articles_article_compare", args=[self.article.pk])
        response = self.client.get(compare, {"from": first.pk, "to": versions[0].pk})
        self.assertContains(response, f"(deleted author {tom_id})")
        self.client.post(
            reverse("admin:articles_article_restore", args=[self.article.pk, first.pk])
        )
        self.assertEqual(authors_of(self.article), ["Lena Ortiz"])

    def test_a_revision_kept_before_authors_were_followed_leaves_them_as_they_are(self):
        """An old revision holds no bylines or notes: restoring it must not remove them all."""
        with reversion.create_revision(manage_manually=True):
            reversion.add_to_revision(self.article)
        old = self.versions()[0]
        old.revision.version_set.exclude(pk=old.pk).delete()  # as kept before: the article only
        self.save(title="Rail fares rise again", **self.add_note("The rise is 4%."))
        self.client.post(reverse("admin:articles_article_restore", args=[self.article.pk, old.pk]))
        self.article.refresh_from_db()
        self.assertEqual(self.article.title, "Rail fares rise")
        self.assertEqual(authors_of(self.article), ["Lena Ortiz", "Tom Reyes"])
        self.assertEqual(Correction.objects.get().text, "The rise is 4%.")
        compare = reverse("admin:articles_article_compare", args=[self.article.pk])
        response = self.client.get(compare, {"from": old.pk, "to": self.versions()[0].pk})
        self.assertContains(response, "(not recorded)")

    def test_a_note_added_on_its_own_admin_page_keeps_a_revision_of_the_article(self):
        response = self.client.post(
            reverse("admin:corrections_correction_add"),
            {
                "article": self.article.pk,
                "date_0": "2026-01-05",
                "date_1": "10:00:00",
                "kind": "update",
                "text": "Fares were later frozen.",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        latest = self.versions()[0]
        self.assertEqual(
            [row["text"] for row in self.kept(latest, Correction)], ["Fares were later frozen."]
        )
        self.assertEqual(latest.revision.user, self.admin)
        self.assertIn("update", latest.revision.comment.lower())


class CorrectionPageRevisionTests(TestCase):
    """A note changed, moved to another article or deleted on its own admin page (Corrections
    and updates) keeps a revision of each article it touches, seen in the history's diff."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser(
            "ed", "ed@example.com", "a-long-test-password"
        )

    def setUp(self):
        self.client.force_login(self.admin)
        self.article = make_article(title="Rail fares rise", body="Fares rise by 4%.")
        self.other = make_article(title="Bus fares fall", body="Fares fall by 2%.")
        self.note = Correction.objects.create(
            article=self.article,
            date=datetime.datetime(2026, 1, 5, 10, tzinfo=datetime.UTC),
            text="Fares rise by 4%, not 5%.",
        )

    def post_note(self, **changes):
        data = {
            "article": self.note.article_id,
            "date_0": "2026-01-05",
            "date_1": "10:00:00",
            "kind": "correction",
            "text": self.note.text,
            **changes,
        }
        url = reverse("admin:corrections_correction_change", args=[self.note.pk])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])

    def notes_in(self, version):
        return [
            v.field_dict["text"]
            for v in version.revision.version_set.all()
            if v.content_type.model_class() is Correction
        ]

    def comparison(self, article):
        """The history's comparison of the article's last two revisions."""
        newer, older = list(Version.objects.get_for_object(article))[:2]
        compare = reverse("admin:articles_article_compare", args=[article.pk])
        return self.client.get(compare, {"from": older.pk, "to": newer.pk})

    def history(self, article):
        return self.client.get(reverse("admin:articles_article_history", args=[article.pk]))

    def test_a_changed_note_keeps_a_revision_and_the_diff_marks_its_words(self):
        self.post_note(text="Fares rise by 4%, not 4.5%.")
        latest, baseline = Version.objects.get_for_object(self.article)
        self.assertEqual(self.notes_in(baseline), ["Fares rise by 4%, not 5%."])
        self.assertEqual(self.notes_in(latest), ["Fares rise by 4%, not 4.5%."])
        self.assertEqual(latest.revision.user, self.admin)
        self.assertContains(self.history(self.article), "Changed the correction of")
        response = self.comparison(self.article)
        self.assertContains(response, "Corrections and updates, by note")
        self.assertContains(response, "<del>5%.</del> <ins>4.5%.</ins>", html=True)

    def test_a_note_moved_to_another_article_keeps_a_revision_of_both(self):
        self.post_note(article=self.other.pk)
        [left, left_baseline] = Version.objects.get_for_object(self.article)
        self.assertEqual(self.notes_in(left_baseline), ["Fares rise by 4%, not 5%."])
        self.assertEqual(self.notes_in(left), [])
        self.assertContains(self.history(self.article), "Moved away the correction of")
        response = self.comparison(self.article)
        self.assertContains(response, "<del>Correction of")
        self.assertNotContains(response, "<ins>Correction of")

        [joined, joined_baseline] = Version.objects.get_for_object(self.other)
        self.assertEqual(self.notes_in(joined_baseline), [])
        self.assertEqual(self.notes_in(joined), ["Fares rise by 4%, not 5%."])
        self.assertContains(self.history(self.other), "Changed the correction of")
        response = self.comparison(self.other)
        self.assertContains(response, "<ins>Correction of")
        self.assertContains(response, "Fares rise by 4%, not 5%.</ins>")

    def test_a_deleted_note_keeps_a_revision_without_it(self):
        url = reverse("admin:corrections_correction_delete", args=[self.note.pk])
        response = self.client.post(url, {"post": "yes"})
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertFalse(Correction.objects.exists())
        latest, baseline = Version.objects.get_for_object(self.article)
        self.assertEqual(self.notes_in(baseline), ["Fares rise by 4%, not 5%."])
        self.assertEqual(self.notes_in(latest), [])
        self.assertContains(self.history(self.article), "Deleted the correction of")
        response = self.comparison(self.article)
        self.assertContains(response, "<del>Correction of")
        # And restoring the revision before brings the note back, under its address.
        restore = reverse("admin:articles_article_restore", args=[self.article.pk, baseline.pk])
        self.client.post(restore)
        self.assertEqual(Correction.objects.get().pk, self.note.pk)

    def test_notes_deleted_in_bulk_keep_a_revision_of_each_article(self):
        on_other = Correction.objects.create(article=self.other, text="Fares fall by 2%.")
        response = self.client.post(
            reverse("admin:corrections_correction_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [self.note.pk, on_other.pk],
                "post": "yes",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertFalse(Correction.objects.exists())
        for article in (self.article, self.other):
            latest, baseline = Version.objects.get_for_object(article)
            self.assertEqual(len(self.notes_in(baseline)), 1)
            self.assertEqual(self.notes_in(latest), [])
            self.assertContains(self.comparison(article), "<del>Correction of")

    def test_a_note_changed_in_the_article_form_keeps_a_revision(self):
        """The same through the article's own form: the note's row changed, then deleted."""
        url = reverse("admin:articles_article_change", args=[self.article.pk])
        data = form_fields(self.client.get(url)) | {"_continue": "Save"}
        self.client.post(url, data | {"corrections-0-text": "Fares rise by 4%, not 4.5%."})
        self.assertEqual(
            self.notes_in(Version.objects.get_for_object(self.article)[0]),
            ["Fares rise by 4%, not 4.5%."],
        )
        data = form_fields(self.client.get(url)) | {"_continue": "Save"}
        self.client.post(url, data | {"corrections-0-DELETE": "on"})
        self.assertFalse(Correction.objects.exists())
        self.assertEqual(self.notes_in(Version.objects.get_for_object(self.article)[0]), [])
        self.assertContains(self.comparison(self.article), "<del>Correction of")


class ImportRevisionTests(TestCase):
    def test_an_import_that_changes_the_byline_records_the_new_author(self):
        folder = temporary_folder(self)
        path = write_file(folder, "site.xml", wxr(wxr_item(7, creators=["Tom Reyes"])))
        import_articles(path)
        article = Article.objects.get()
        write_file(folder, "site.xml", wxr(wxr_item(7, creators=["Ada Lee"])))
        import_articles(path)
        latest = Version.objects.get_for_object(article).first()
        authors = [
            Author.objects.get(pk=v.field_dict["author_id"]).name
            for v in latest.revision.version_set.all()
            if v.content_type.model_class() is Byline
        ]
        self.assertEqual(authors, ["Ada Lee"])
        self.assertEqual(authors_of(article), ["Ada Lee"])
