"""Revisions: every save keeps one, any two compare, restore undoes, stale saves stop."""

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from reversion.models import Version

from articles.models import Article

from .factories import make_article
from .importing import import_articles, page, temporary_folder, write_file

PASSWORD = "a-long-test-password"


def form_data(response, **changes):
    """What the change form would send back untouched (CRLF line ends, as browsers send)."""
    form = response.context["adminform"].form
    article = form.instance
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": form["body"].value().replace("\n", "\r\n"),
        "tags": ", ".join(sorted(article.tags.names())),
        "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        # A callable default (timezone.now) makes the admin send the initial value too.
        "initial-published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "initial-published_at_1": article.published_at.strftime("%H:%M:%S"),
        "byline": article.byline,
        "allow_comments": "on" if article.allow_comments else "",
        "source_name": article.source_name,
        "source_url": article.source_url,
        "base_version": form["base_version"].value(),
        "_continue": "Save and continue editing",
    }
    return {**data, **changes}


class AdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("ed", "ed@example.com", PASSWORD)

    def setUp(self):
        self.client.force_login(self.admin)

    def change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk])

    def save(self, article, **changes):
        data = form_data(self.client.get(self.change_url(article)), **changes)
        return self.client.post(self.change_url(article), data)


class RevisionKeepingTests(AdminTestCase):
    def test_save_keeps_a_revision_with_who_and_what(self):
        article = make_article(title="Copper prices")
        response = self.save(article, title="Copper prices climb")
        self.assertEqual(response.status_code, 302)
        versions = list(Version.objects.get_for_object(article))
        # The state before the first kept revision, then the save.
        self.assertEqual(len(versions), 2)
        self.assertEqual(versions[0].field_dict["title"], "Copper prices climb")
        self.assertEqual(versions[0].revision.user, self.admin)
        self.assertEqual(versions[0].revision.comment, "Changed Title.")
        self.assertEqual(versions[1].field_dict["title"], "Copper prices")

    def test_save_without_an_edit_logs_no_change(self):
        """The body comes back with CRLF and as HTML: still not "Changed Body."."""
        article = make_article(body="One.\n\nTwo,\nwith a line break.")
        self.save(article)
        entry = LogEntry.objects.latest("action_time")
        self.assertEqual(entry.get_change_message(), "No fields changed.")
        article.refresh_from_db()
        self.assertHTMLEqual(article.body_html, "<p>One.</p><p>Two,<br>with a line break.</p>")

    def test_publishing_logs_only_the_status(self):
        article = make_article(status=Article.Status.DRAFT)
        self.save(article, status="published")
        entry = LogEntry.objects.latest("action_time")
        self.assertEqual(entry.get_change_message(), "Changed Status.")

    def test_bulk_publish_keeps_a_revision(self):
        article = make_article(status=Article.Status.DRAFT)
        self.client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish", "_selected_action": [article.pk]},
        )
        latest = Version.objects.get_for_object(article).first()
        self.assertEqual(latest.field_dict["status"], "published")
        self.assertEqual(latest.revision.comment, "Published.")

    def test_import_that_changes_an_article_keeps_a_revision(self):
        folder = temporary_folder(self)
        path = write_file(folder, "steel.txt", page())
        import_articles(path)
        article = Article.objects.get()
        self.assertFalse(Version.objects.get_for_object(article).exists())
        import_articles(path)  # unchanged: nothing to keep
        self.assertFalse(Version.objects.get_for_object(article).exists())
        write_file(folder, "steel.txt", page(body=("Mills ran at half capacity.",)))
        import_articles(path)
        versions = list(Version.objects.get_for_object(article))
        self.assertEqual(len(versions), 2)
        self.assertIn("half capacity", versions[0].field_dict["body"])
        self.assertIn("full capacity", versions[1].field_dict["body"])
        self.assertEqual(versions[0].revision.comment, "Updated by an import of steel.txt.")

    def test_script_and_event_handlers_posted_directly_are_not_stored(self):
        article = make_article()
        self.save(
            article,
            body='<p onclick="x()">Hi<script>alert(1)</script><img src="a.png" onerror="x()"></p>',
        )
        article.refresh_from_db()
        for stored in [article.body, article.body_html]:
            self.assertNotIn("script", stored)
            self.assertNotIn("onerror", stored)
            self.assertNotIn("onclick", stored)
        self.assertIn("Hi", article.body_html)


class HistoryTests(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.article = make_article(
            title="Bank lifts rates",
            body="The bank raised rates.\n\nMarkets were calm.\n\nAnalysts expected it.",
            tags=["Banking"],
        )
        self.save(self.article)  # baseline + first admin revision
        self.save(
            self.article,
            title="Bank lifts rates again",
            body="<p>The bank raised rates sharply.</p><p>Markets were calm.</p>"
            "<p>A new paragraph.</p>",
            tags="Banking, Rates",
            status="draft",
        )
        self.versions = list(Version.objects.get_for_object(self.article))

    def test_history_lists_every_revision_with_author_and_comment(self):
        response = self.client.get(
            reverse("admin:articles_article_history", args=[self.article.pk])
        )
        self.assertEqual(len(response.context["versions"]), 3)
        self.assertContains(response, "As it was before its first kept revision.")
        self.assertContains(response, "Changed Title, Body, Tags and Status.")
        # Every revision but the current one can be restored.
        self.assertContains(
            response, '<button type="submit" class="button" aria-label="Restore', count=2
        )

    def test_compare_shows_fields_and_body_by_paragraph(self):
        url = reverse("admin:articles_article_compare", args=[self.article.pk])
        response = self.client.get(url, {"from": self.versions[-1].pk, "to": self.versions[0].pk})
        self.assertContains(response, "Bank lifts rates <ins>again</ins>", html=True)
        diff = response.context["diff"]
        labels = [field["label"] for field in diff["fields"]]
        self.assertEqual(labels, ["Title", "Tags", "Status"])
        self.assertEqual([kind for kind, _ in diff["body"]], ["changed", "same", "changed"])
        self.assertContains(response, "raised <del>rates.</del> <ins>rates sharply.</ins>")
        self.assertContains(response, "<del>Analysts expected it.</del>")
        self.assertContains(response, "<ins>A new paragraph.</ins>")
        self.assertContains(response, "1 unchanged paragraph")

    def test_compare_in_either_order_and_with_bad_input(self):
        url = reverse("admin:articles_article_compare", args=[self.article.pk])
        one = self.client.get(url, {"from": self.versions[0].pk, "to": self.versions[-1].pk})
        self.assertEqual(one.context["old"], self.versions[-1])
        for bad in [{}, {"from": "x", "to": "1"}, {"from": "999999", "to": self.versions[0].pk}]:
            with self.subTest(query=bad):
                response = self.client.get(url, bad)
                self.assertRedirects(
                    response, reverse("admin:articles_article_history", args=[self.article.pk])
                )

    def test_restore_brings_back_text_and_tags_as_a_new_revision(self):
        first = self.versions[-1]
        response = self.client.post(
            reverse("admin:articles_article_restore", args=[self.article.pk, first.pk])
        )
        self.assertRedirects(response, self.change_url(self.article))
        self.article.refresh_from_db()
        self.assertEqual(self.article.title, "Bank lifts rates")
        self.assertIn("Analysts expected it.", self.article.body_html)
        self.assertEqual(sorted(self.article.tags.names()), ["Banking"])
        self.assertEqual(self.article.status, "published")
        versions = list(Version.objects.get_for_object(self.article))
        self.assertEqual(len(versions), 4)
        self.assertTrue(versions[0].revision.comment.startswith("Restored the revision of"))
        # The restored-over version is still there to go back to.
        self.assertEqual(versions[1].field_dict["title"], "Bank lifts rates again")

    def test_restore_needs_a_post(self):
        url = reverse(
            "admin:articles_article_restore", args=[self.article.pk, self.versions[-1].pk]
        )
        self.client.get(url)
        self.article.refresh_from_db()
        self.assertEqual(self.article.title, "Bank lifts rates again")


class StaleSaveTests(AdminTestCase):
    def test_second_of_two_stale_saves_is_refused_with_a_link_to_the_diff(self):
        article = make_article(title="Oil output", body="Output rose.")
        first_form = self.client.get(self.change_url(article))
        second_form = self.client.get(self.change_url(article))
        first = self.client.post(
            self.change_url(article), form_data(first_form, title="Oil output rises")
        )
        self.assertEqual(first.status_code, 302)
        refused = self.client.post(
            self.change_url(article), form_data(second_form, body="Output fell.")
        )
        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, "changed by someone else since you opened it")
        versions = list(Version.objects.get_for_object(article))
        compare = reverse("admin:articles_article_compare", args=[article.pk])
        self.assertContains(refused, f"{compare}?from={versions[1].pk}&amp;to={versions[0].pk}")
        # Nothing lost: the first save stands, the second editor's text is still in the form.
        article.refresh_from_db()
        self.assertEqual(article.title, "Oil output rises")
        self.assertIn("Output rose.", article.body)
        self.assertContains(refused, "Output fell.")
        # Saving again, knowingly, goes through.
        again = form_data(refused, body="Output fell.")
        again["title"] = "Oil output rises"
        self.assertEqual(self.client.post(self.change_url(article), again).status_code, 302)
        article.refresh_from_db()
        self.assertIn("Output fell.", article.body)
