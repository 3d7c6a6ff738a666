import io
from unittest import mock

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.tests.factories import make_article
from copies.models import CopyGroup, Fingerprint

STORY = (
    "Google will invest 550 million dollars in the Chinese online retailer JD.com, the two "
    "companies said on Monday, in a deal that gives the search group a foothold in the "
    "fast-growing market for online shopping in China. JD.com will offer a selection of its "
    "products for sale through Google Shopping in several regions including Southeast Asia, "
    "the United States and Europe. The companies also plan to work together on retail "
    "solutions in markets around the world, combining the strengths of both firms in "
    "logistics, supply chains and technology to explore new kinds of retail experience."
)
EDITED = STORY.replace("said on Monday", "said on Monday morning").replace(
    "several regions", "a number of regions"
)
OTHER = (
    "Copper prices rose for a third day as mines in Chile reported strikes and stockpiles in "
    "London warehouses fell to their lowest level in a decade, traders said, while demand "
    "from builders of electric cars and power grids kept buyers in the market all week long."
)


def save_on_commit(test, **fields):
    with test.captureOnCommitCallbacks(execute=True):
        return make_article(**fields)


class DetectionTests(TestCase):
    def test_a_lightly_edited_copy_is_grouped_and_shown_on_both_pages(self):
        """Saving a copy with small edits puts both in one group; each page links the other
        under "Also published by"; an unrelated article stays alone."""
        wire = save_on_commit(self, title="Google invests in JD", body=STORY, source_name="Wire A")
        copy = save_on_commit(self, title="Google invests in JD", body=EDITED, source_name="Site B")
        alone = save_on_commit(self, title="Copper rises", body=OTHER)
        self.assertEqual(CopyGroup.objects.count(), 1)
        self.assertEqual(wire.fingerprint.group_id, copy.fingerprint.group_id)
        self.assertIsNone(Fingerprint.objects.get(article=alone).group_id)
        page = self.client.get(wire.get_absolute_url())
        self.assertContains(page, "Also published by")
        self.assertContains(page, f'<a href="{copy.get_absolute_url()}">Site B</a>', html=True)
        self.assertNotContains(self.client.get(alone.get_absolute_url()), "Also published by")

    def test_the_canonical_copy_is_named_by_the_others(self):
        wire = save_on_commit(self, title="Google invests in JD", body=STORY)
        copy = save_on_commit(self, title="Google invests in JD", body=EDITED)
        CopyGroup.objects.update(canonical=wire)
        canonical = f'<link rel="canonical" href="http://testserver{wire.get_absolute_url()}">'
        self.assertContains(self.client.get(copy.get_absolute_url()), canonical, html=True)
        self.assertContains(self.client.get(wire.get_absolute_url()), canonical, html=True)

    def test_drafts_are_never_listed_as_copies(self):
        wire = save_on_commit(self, title="Google invests in JD", body=STORY)
        save_on_commit(self, title="Google invests in JD", body=EDITED, status="draft")
        self.assertNotContains(self.client.get(wire.get_absolute_url()), "Also published by")

    def test_the_article_page_costs_the_same_queries_with_or_without_copies(self):
        alone = save_on_commit(self, title="Copper rises", body=OTHER)
        wire = save_on_commit(self, title="Google invests in JD", body=STORY)
        for n in range(3):
            save_on_commit(self, title=f"Copy {n}", body=EDITED + f" Edition {n}.")
        self.client.get(alone.get_absolute_url())  # warm any per-process cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        counts = []
        for article in (alone, wire):
            with CaptureQueriesContext(connection) as queries:
                self.client.get(article.get_absolute_url(), HTTP_COOKIE="sessionid=x")
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])


class EditorTests(TestCase):
    def setUp(self):
        self.client.force_login(User.objects.create_superuser("ed", "ed@example.org", "pw"))

    def test_splitting_takes_an_article_out_for_good(self):
        wire = save_on_commit(self, title="Google invests in JD", body=STORY)
        copy = save_on_commit(self, title="Google invests in JD", body=EDITED)
        response = self.client.post(
            reverse("admin:copies_fingerprint_changelist"),
            {"action": "split_out", "_selected_action": [copy.fingerprint.pk]},
            follow=True,
        )
        self.assertContains(response, "1 taken out of their groups.")
        self.assertEqual(CopyGroup.objects.count(), 0)
        with self.captureOnCommitCallbacks(execute=True):
            copy.save()
        self.assertIsNone(Fingerprint.objects.get(article=copy).group_id)
        self.assertNotContains(self.client.get(wire.get_absolute_url()), "Also published by")

    def test_the_canonical_choice_is_limited_to_the_groups_members(self):
        wire = save_on_commit(self, title="Google invests in JD", body=STORY)
        save_on_commit(self, title="Google invests in JD", body=EDITED)
        outsider = save_on_commit(self, title="Copper rises", body=OTHER)
        group = CopyGroup.objects.get()
        url = reverse("admin:copies_copygroup_change", args=[group.pk])
        self.assertNotContains(self.client.get(url), f'value="{outsider.pk}"')
        self.client.post(url, {"canonical": wire.pk, "fingerprints-TOTAL_FORMS": 0,
                               "fingerprints-INITIAL_FORMS": 0})  # fmt: skip
        self.assertEqual(CopyGroup.objects.get().canonical, wire)


class RebuildTests(TestCase):
    def test_rebuild_finds_the_groups_again_and_keeps_editors_choices(self):
        """From articles saved without fingerprints (a bulk load), the command finds the
        copies; a canonical choice and a split survive a second rebuild."""
        wire = make_article(title="Google invests in JD", body=STORY)
        copy = make_article(title="Google invests in JD", body=EDITED)
        third = make_article(title="Google invests in JD", body=EDITED + " More to come.")
        make_article(title="Copper rises", body=OTHER)
        Fingerprint.objects.all().delete()
        out = io.StringIO()
        call_command("rebuild_copy_groups", stdout=out)
        self.assertEqual(out.getvalue().strip(), "1 group of copies.")
        group = CopyGroup.objects.get()
        self.assertEqual(
            set(group.fingerprints.values_list("article", flat=True)), {wire.pk, copy.pk, third.pk}
        )
        group.canonical = copy
        group.save()
        from copies.detection import split

        split(Fingerprint.objects.get(article=third))
        call_command("rebuild_copy_groups", stdout=io.StringIO())
        group = CopyGroup.objects.get()
        self.assertEqual(group.canonical, copy)
        self.assertEqual(
            set(group.fingerprints.values_list("article", flat=True)), {wire.pk, copy.pk}
        )
        self.assertTrue(Fingerprint.objects.get(article=third).standalone)

    def test_a_rebuild_never_loads_the_old_fingerprints(self):
        """The old fingerprints are deleted without being read (the ORM's delete() read them
        all, signatures included: 400 MB at 100,000 articles); groups are written a few
        members at a time and come out the same."""
        for _ in range(3):
            make_article(title="Google invests in JD", body=STORY)
            make_article(title="Google invests in JD", body=EDITED)
        call_command("rebuild_copy_groups", stdout=io.StringIO())
        with (
            CaptureQueriesContext(connection) as queries,
            mock.patch("copies.rebuild.GROUP_MEMBERS", 2),
        ):
            call_command("rebuild_copy_groups", stdout=io.StringIO())
        table = connection.ops.quote_name(Fingerprint._meta.db_table)
        every_fingerprint = [
            query["sql"]
            for query in queries.captured_queries
            if query["sql"].startswith("SELECT") and f"FROM {table}" in query["sql"]
            and "WHERE" not in query["sql"]
        ]  # fmt: skip
        self.assertEqual(every_fingerprint, [])
        self.assertEqual(CopyGroup.objects.count(), 1)
        self.assertEqual(Fingerprint.objects.filter(group__isnull=False).count(), 6)


class ImportTests(TestCase):
    def test_imported_copies_are_grouped(self):
        """The importer writes articles in bulk, without save(): its copies are found too."""
        from articles.models import Article
        from articles.tests.importing import import_articles, page, temporary_folder, write_file

        folder = temporary_folder(self)
        paths = [
            write_file(folder, "wire.txt", page("Google invests in JD", body=(STORY,))),
            write_file(folder, "site.txt", page("Google invests in JD", body=(EDITED,))),
        ]
        with self.captureOnCommitCallbacks(execute=True):
            run = import_articles(*paths)
        self.assertFalse(run.failed, run.output)
        self.assertEqual(Article.objects.count(), 2)
        self.assertEqual(CopyGroup.objects.count(), 1)
        self.assertEqual(Fingerprint.objects.filter(group__isnull=False).count(), 2)
