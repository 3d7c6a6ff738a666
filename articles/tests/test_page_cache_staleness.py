"""No cached page is ever served stale, whatever kind of write changed it, and a write
leaves the pages it does not concern in the cache.

Each test warms the pages (a second request is a hit), makes one kind of write as an
editor, a script or the clock would, then reads every page it concerns as an anonymous
reader. Run on SQLite and on PostgreSQL (DATABASE_URL).
"""

import datetime

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Comment
from authors.models import Author, Byline
from companies.models import ArticleCompany, Company
from corrections.models import Correction

from .commenting import CommentingMixin, StaffClient
from .factories import make_article, make_comment
from .importing import import_articles, page, temporary_folder, write_file
from .test_page_cache import admin_article_form

PUBLISHED = timezone.make_aware(datetime.datetime(2026, 3, 10, 9, 0))
TITLE = "Copper climbs on tight supply"


@override_settings(PAGE_CACHE_TIMEOUT=600)
class StalenessTestCase(CommentingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title=TITLE, slug="copper-climbs", published_at=PUBLISHED, tags=["Metals"]
        )
        cls.other = make_article(
            title="Zinc steadies",
            slug="zinc-steadies",
            published_at=PUBLISHED - datetime.timedelta(days=1),
            tags=["Zinc"],
        )
        cls.author = Author.objects.create(name="Ines Moreau", slug="ines-moreau")
        Byline.objects.create(article=cls.article, author=cls.author, position=1)
        cls.company = Company.objects.create(name="Kupferwerk", slug="kupferwerk")
        ArticleCompany.objects.create(
            article=cls.article,
            company=cls.company,
            status=ArticleCompany.Status.CONFIRMED,
            mention_count=0,
        )
        Correction.objects.create(
            article=cls.article, text="An earlier version misstated the tonnage."
        )
        make_comment(cls.article, body="Smelters will be pleased.")
        cls.pending = make_comment(
            cls.article, body="Waiting for the moderator.", status=Comment.Status.PENDING
        )
        make_comment(cls.other, body="Galvanisers agree.")
        cls.other_pending = make_comment(
            cls.other, body="Zinc pending words.", status=Comment.Status.PENDING
        )
        cls.editor = User.objects.create_superuser("editor", "editor@example.com", "pw-x-123")

    def setUp(self):
        super().setUp()
        self.staff = StaffClient(self.editor)
        self.reader = Client()

    def pages(self):
        """The pages that show the article, by name."""
        return {
            "home": reverse("articles:article-list"),
            "article": self.article.get_absolute_url(),
            "tag": reverse("articles:tag-detail", args=["metals"]),
            "feed": reverse("articles:feed-atom"),
            "month": reverse("articles:archive-month", args=[2026, 3]),
            "author": reverse("authors:author-detail", args=["ines-moreau"]),
            "company": reverse("companies:company-detail", args=["kupferwerk"]),
            "corrections": reverse("corrections:correction-list"),
        }

    def warm(self, urls):
        for url in urls:
            self.reader.get(url)
            self.assertEqual(self.reader.get(url)["X-Page-Cache"], "hit", url)

    def assert_pages(self, text, names, present=True):
        for name in names:
            url = self.pages()[name]
            with self.subTest(page=name):
                response = self.reader.get(url)
                shown = text in response.content.decode()
                self.assertEqual(shown, present, f"{url} ({response.status_code})")


class WriteKindTests(StalenessTestCase):
    """One test per kind of write: every page that shows what it changed, at once."""

    def test_admin_save(self):
        """A new title saved in the admin's change form."""
        self.warm(self.pages().values())
        response = self.staff.post(
            reverse("admin:articles_article_change", args=[self.article.pk]),
            admin_article_form(self.article, title="Copper soars to a record"),
        )
        self.assertEqual(response.status_code, 302)
        self.assert_pages("Copper soars to a record", self.pages())
        self.assert_pages(TITLE, self.pages(), present=False)

    def test_admin_bulk_action(self):
        """Returned to draft by the admin's bulk action: gone from every page."""
        self.warm(self.pages().values())
        response = self.staff.post(
            reverse("admin:articles_article_changelist"),
            {"action": "unpublish", ACTION_CHECKBOX_NAME: [self.article.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.reader.get(self.pages()["article"]).status_code, 404)
        names = ["home", "feed", "month", "author", "company", "corrections"]
        self.assert_pages(TITLE, names, present=False)
        self.assertNotContains(self.reader.get(self.pages()["tag"]), TITLE, status_code=404)

    def test_queryset_update(self):
        """A title changed by a script with QuerySet.update(): no signal at all."""
        self.warm(self.pages().values())
        Article.objects.filter(pk=self.article.pk).update(title="Copper slips back")
        self.assert_pages("Copper slips back", self.pages())

    def test_correction_added_by_a_script(self):
        """A correction note created without the admin: the article and the list of notes."""
        self.warm(self.pages().values())
        Correction.objects.bulk_create(
            [Correction(article=self.article, text="The smelter is in Hamburg.")]
        )
        self.assert_pages("The smelter is in Hamburg.", ["article", "corrections"])

    def test_import(self):
        """Articles imported by the management command join the lists and the archive."""
        self.warm(self.pages().values())
        folder = temporary_folder(self)
        write_file(
            folder,
            "nickel.txt",
            page(title="Nickel output doubles", date="11/03/2026", body=("Mines expand.",)),
        )
        import_articles(folder)
        self.assert_pages("Nickel output doubles", ["home", "feed", "month"])

    def test_cascade_delete(self):
        """The article deleted: its comments, notes, byline and mentions go with it."""
        self.warm(self.pages().values())
        self.article.delete()
        self.assertEqual(self.reader.get(self.pages()["article"]).status_code, 404)
        for name in ["home", "feed", "month", "author", "company", "corrections"]:
            with self.subTest(page=name):
                response = self.reader.get(self.pages()[name])
                self.assertNotContains(response, TITLE, status_code=response.status_code)
                self.assertNotContains(
                    response, "misstated the tonnage", status_code=response.status_code
                )

    def test_company_deleted_in_cascade(self):
        """A company deleted: its mention leaves the article page."""
        self.warm(self.pages().values())
        self.assertContains(self.reader.get(self.pages()["article"]), "Kupferwerk")
        self.company.delete()
        self.assertNotContains(self.reader.get(self.pages()["article"]), "Kupferwerk")

    def test_tag_merge(self):
        """Metals merged into Zinc in the admin: the article shows Zinc, the Zinc page lists
        it, and the old tag page redirects."""
        zinc_page = reverse("articles:tag-detail", args=["zinc"])
        self.warm([*self.pages().values(), zinc_page])
        metals, zinc = Tag.objects.get(name="Metals"), Tag.objects.get(name="Zinc")
        response = self.staff.post(
            reverse("admin:taggit_tag_changelist"),
            {
                "action": "merge",
                ACTION_CHECKBOX_NAME: [metals.pk, zinc.pk],
                "target": str(zinc.pk),
                "confirm": "yes",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.reader.get(zinc_page), TITLE)
        self.assertRedirects(self.reader.get(self.pages()["tag"]), zinc_page, 301)
        article = self.reader.get(self.pages()["article"])
        self.assertContains(article, zinc_page)
        self.assertNotContains(article, self.pages()["tag"] + '"')

    def test_scheduled_publication(self):
        """No write happens when a scheduled article goes live: the clock ends its pages."""
        launch = timezone.now() + datetime.timedelta(hours=2)
        scheduled = make_article(title="Nickel plan unveiled", published_at=launch, tags=["Metals"])
        Byline.objects.create(article=scheduled, author=self.author, position=1)
        names = ["home", "tag", "feed", "author"]
        self.warm(self.pages()[name] for name in names)
        self.clock.move_to(launch - datetime.timedelta(seconds=1))
        self.assert_pages("Nickel plan unveiled", names, present=False)
        self.clock.move_to(launch)
        self.assert_pages("Nickel plan unveiled", names)
        self.assertEqual(self.reader.get(scheduled.get_absolute_url()).status_code, 200)

    @override_settings(COMMENTS_CLOSE_AFTER_DAYS=30)
    def test_comments_closing(self):
        """The form leaves a cached article page the moment comments close."""
        fresh = make_article(title="Tin rallies", published_at=timezone.now())
        url = fresh.get_absolute_url()
        self.warm([url, self.pages()["article"]])
        self.assertContains(self.reader.get(url), "Post Comment")
        self.clock.move_to(fresh.published_at + datetime.timedelta(days=30))
        response = self.reader.get(url)
        self.assertNotContains(response, "Post Comment")
        self.assertContains(response, "Comments are closed.")


class PrecisionTests(StalenessTestCase):
    """A comment approved changes its article's pages, not the rest of the site."""

    def unrelated(self):
        return [self.other.get_absolute_url(), reverse("articles:tag-detail", args=["zinc"])]

    def assert_still_cached(self, urls):
        for url in urls:
            with self.subTest(url=url), self.assertNumQueries(0):
                self.assertEqual(self.reader.get(url)["X-Page-Cache"], "hit")

    def test_approval_in_the_admin_action(self):
        """Approved with the admin's bulk action: the article and the home page's count
        change; another article's page and another tag's page stay in the cache."""
        self.warm([*self.pages().values(), *self.unrelated()])
        response = self.staff.post(
            reverse("admin:articles_comment_changelist"),
            {"action": "approve", ACTION_CHECKBOX_NAME: [self.pending.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assert_still_cached(self.unrelated())
        self.assertContains(self.reader.get(self.pages()["article"]), "Waiting for the moderator.")
        self.assertContains(self.reader.get(self.pages()["home"]), "2 comments")

    def test_approval_in_the_change_form(self):
        """Approved by saving the comment: the same precision through Model.save()."""
        self.warm([self.pages()["article"], *self.unrelated()])
        self.pending.status = Comment.Status.APPROVED
        self.pending.save()
        self.assert_still_cached(self.unrelated())
        self.assertContains(self.reader.get(self.pages()["article"]), "Waiting for the moderator.")

    def test_pending_and_spam_touch_nothing(self):
        """A comment held or marked as spam is on no public page: every page stays cached."""
        self.warm([*self.pages().values(), *self.unrelated()])
        self.other_pending.status = Comment.Status.SPAM
        self.other_pending.save()
        response = self.staff.post(
            reverse("admin:articles_comment_changelist"),
            {"action": "mark_spam", ACTION_CHECKBOX_NAME: [self.pending.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assert_still_cached([*self.pages().values(), *self.unrelated()])

    def test_an_edit_leaves_other_articles_alone(self):
        """A new title on one article: another article's page stays cached."""
        self.warm([self.other.get_absolute_url(), self.pages()["article"]])
        self.article.title = "Copper soars to a record"
        self.article.save()
        self.assertContains(self.reader.get(self.pages()["article"]), "Copper soars")
        self.assert_still_cached([self.other.get_absolute_url()])
