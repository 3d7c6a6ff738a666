"""Previews of unpublished articles: for staff from the admin, and by signed share link."""

import datetime

import time_machine
from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.preview import share_token

from .factories import make_article

PASSWORD = "a-long-test-password"


class StaffPreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("ed", "ed@example.com", PASSWORD)
        cls.draft = make_article(
            title="Quarterly results of Acme",
            body="Revenue rose.\n\nProfit fell.",
            status=Article.Status.DRAFT,
        )
        cls.url = reverse("admin:articles_article_preview", args=[cls.draft.pk])

    def test_draft_answers_404_publicly_but_staff_see_the_preview(self):
        """The public address stays 404; the preview shows the page with a banner."""
        self.assertEqual(self.client.get(self.draft.get_absolute_url()).status_code, 404)
        self.client.force_login(self.admin)
        response = self.client.get(self.url)
        self.assertContains(response, '<h1 class="article__title">Quarterly results of Acme</h1>')
        self.assertContains(response, "<p>Profit fell.</p>", html=True)
        self.assertContains(response, "Preview, not published.")
        self.assertEqual(response.templates[0].name, "articles/article_detail.html")

    def test_preview_is_never_cached_nor_indexed(self):
        self.client.force_login(self.admin)
        response = self.client.get(self.url)
        cache_control = response["Cache-Control"]
        for part in ["private", "no-store", "no-cache", "max-age=0"]:
            self.assertIn(part, cache_control)
        self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")
        self.assertContains(response, '<meta name="robots" content="noindex, nofollow">')

    def test_preview_needs_a_staff_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])

    def test_scheduled_article_can_be_previewed(self):
        scheduled = make_article(published_at=timezone.now() + datetime.timedelta(days=2))
        self.client.force_login(self.admin)
        url = reverse("admin:articles_article_preview", args=[scheduled.pk])
        self.assertContains(self.client.get(url), "Preview, not published.")

    def test_view_on_site_of_a_draft_goes_to_the_preview(self):
        self.client.force_login(self.admin)
        change = self.client.get(reverse("admin:articles_article_change", args=[self.draft.pk]))
        self.assertContains(change, "View on site")
        self.assertContains(change, f'href="{self.url}"')

    def test_view_on_site_of_a_published_article_goes_to_its_page(self):
        published = make_article()
        self.client.force_login(self.admin)
        change = self.client.get(reverse("admin:articles_article_change", args=[published.pk]))
        self.assertContains(change, f'href="{published.get_absolute_url()}"')
        self.assertNotContains(change, "Anyone with this link")

    def test_save_and_preview_button_saves_then_opens_the_preview(self):
        self.client.force_login(self.admin)
        change_url = reverse("admin:articles_article_change", args=[self.draft.pk])
        form = self.client.get(change_url).context["adminform"].form
        data = {
            **{k: v for k, v in form.initial.items() if v is not None},
            "title": "Quarterly results of Acme, revised",
            "slug": self.draft.slug,
            "status": "draft",
            "published_at_0": "2024-01-02",
            "published_at_1": "10:00:00",
            "tags": "",
            "_preview": "Save and preview",
        }
        response = self.client.post(change_url, data)
        self.assertRedirects(response, self.url)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.title, "Quarterly results of Acme, revised")


class ShareLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("ed", "ed@example.com", PASSWORD)
        cls.draft = make_article(title="Merger talks", status=Article.Status.DRAFT)

    def share_url(self):
        return reverse("articles:preview-share", args=[share_token(self.draft)])

    def test_change_form_gives_a_share_link_that_works_without_an_account(self):
        self.client.force_login(self.admin)
        change = self.client.get(reverse("admin:articles_article_change", args=[self.draft.pk]))
        self.assertContains(change, "Anyone with this link")
        link = change.context["share_url"]
        self.client.logout()
        response = self.client.get(link)
        self.assertContains(response, "Merger talks")
        self.assertContains(response, "This link was shared with you for review")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")
        self.assertNotContains(response, 'name="author_email"')

    def test_link_expires_after_seven_days(self):
        url = self.share_url()
        with time_machine.travel(timezone.now() + datetime.timedelta(days=6, hours=23)):
            self.assertEqual(self.client.get(url).status_code, 200)
        with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
            self.assertEqual(self.client.get(url).status_code, 404)

    @override_settings(PREVIEW_LINK_MAX_AGE_DAYS=1)
    def test_lifetime_is_a_setting(self):
        url = self.share_url()
        with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_revoking_ends_every_link_given_so_far(self):
        url = self.share_url()
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("admin:articles_article_revoke_share", args=[self.draft.pk])
        )
        self.assertRedirects(
            response, reverse("admin:articles_article_change", args=[self.draft.pk])
        )
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 404)
        self.draft.refresh_from_db()
        self.assertEqual(self.client.get(self.share_url()).status_code, 200)

    def test_forged_or_altered_token_is_refused(self):
        token = share_token(self.draft)
        for bad in ["nonsense", token[:-2] + "xx", token.replace(":", ";", 1)]:
            with self.subTest(token=bad):
                url = reverse("articles:preview-share", args=[bad])
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_link_of_a_published_article_redirects_to_its_page(self):
        url = self.share_url()
        Article.objects.filter(pk=self.draft.pk).update(status=Article.Status.PUBLISHED)
        self.assertRedirects(self.client.get(url), self.draft.get_absolute_url())
