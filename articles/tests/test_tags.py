"""Tags: the index with counts, case-insensitive tags, merging in the admin, related articles."""

import datetime

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, TagRedirect

from .factories import make_article


class TagIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(tags=["Markets", "Banks"])
        make_article(tags=["Markets"])
        make_article(tags=["Secret"], status=Article.Status.DRAFT)

    def test_lists_tags_with_public_article_counts(self):
        """/tags/ shows every tag with public articles and how many, in name order."""
        response = self.client.get(reverse("articles:tag-index"))
        self.assertContains(
            response,
            '<li><a class="tag" href="/tags/markets/" rel="tag">Markets</a> '
            '<span class="count">2 articles</span></li>',
            html=True,
        )
        self.assertContains(response, '<span class="count">1 article</span>', html=True)
        self.assertEqual([t.name for t in response.context["tag_list"]], ["Banks", "Markets"])
        self.assertNotContains(response, "Secret")

    def test_tags_are_case_insensitive(self):
        """ "Google" and "google" are one tag, under the first spelling."""
        first = make_article(tags=["Google"])
        second = make_article(tags=["google"])
        self.assertEqual(first.tags.get(), second.tags.get())
        self.assertEqual(Tag.objects.filter(name__iexact="google").count(), 1)

    def test_tag_address_in_other_case_redirects(self):
        """/tags/Markets/ leads to /tags/markets/."""
        response = self.client.get("/tags/Markets/")
        self.assertRedirects(response, "/tags/markets/", status_code=301)

    def test_unknown_tag_is_not_found(self):
        """A tag that does not exist is a 404."""
        self.assertEqual(self.client.get("/tags/nothing-here/").status_code, 404)

    def test_tag_of_drafts_only_is_not_found(self):
        """A tag only drafts use has no page and no feed yet: nothing of the draft leaks."""
        for url in ["/tags/secret/", "/feeds/tags/secret/atom/", "/feeds/tags/secret/rss/"]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)


class TagMergeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_superuser("editor", password="x")
        cls.both = make_article(title="Both spellings", tags=["Oil", "Crude oil"])
        cls.crude = make_article(title="Only crude", tags=["Crude oil"])
        cls.petroleum = make_article(title="Petroleum", tags=["Petroleum"])

    def setUp(self):
        self.client.force_login(self.editor)
        self.url = reverse("admin:taggit_tag_changelist")
        self.ids = [str(Tag.objects.get(name=n).pk) for n in ["Oil", "Crude oil", "Petroleum"]]

    def test_merge_asks_which_tag_stays(self):
        """The action first shows the chosen tags and asks for the survivor."""
        response = self.client.post(self.url, {"action": "merge", ACTION_CHECKBOX_NAME: self.ids})
        self.assertContains(response, "Choose the tag that stays.")
        self.assertContains(response, "Crude oil (2 articles)")
        self.assertEqual(Tag.objects.count(), 3)

    def test_merge_moves_articles_and_old_urls_redirect(self):
        """After a merge every article has the survivor, and old tag pages and feeds redirect."""
        oil = Tag.objects.get(name="Oil")
        response = self.client.post(
            self.url,
            {
                "action": "merge",
                ACTION_CHECKBOX_NAME: self.ids,
                "target": str(oil.pk),
                "confirm": "yes",
            },
            follow=True,
        )
        self.assertContains(response, "2 tag(s) merged into “Oil”")
        self.assertEqual(list(Tag.objects.values_list("name", flat=True)), ["Oil"])
        for article in [self.both, self.crude, self.petroleum]:
            self.assertEqual([t.name for t in article.tags.all()], ["Oil"])
        self.client.logout()
        self.assertRedirects(self.client.get("/tags/crude-oil/"), "/tags/oil/", 301)
        self.assertRedirects(self.client.get("/tags/petroleum/"), "/tags/oil/", 301)
        self.assertRedirects(
            self.client.get("/feeds/tags/crude-oil/atom/"), "/feeds/tags/oil/atom/", 301
        )
        self.assertContains(self.client.get("/tags/oil/"), "Only crude")
        # The search index knows the articles' new tag.
        found = Article.objects.published().search("oil")
        self.assertIn("Petroleum", [article.title for article in found])

    def test_merging_again_keeps_one_hop_redirects(self):
        """A tag merged into one that is merged later still redirects straight to the last."""
        crude, oil = Tag.objects.get(name="Crude oil"), Tag.objects.get(name="Oil")
        petroleum = Tag.objects.get(name="Petroleum")
        data = {"action": "merge", "confirm": "yes"}
        self.client.post(
            self.url, {**data, ACTION_CHECKBOX_NAME: [crude.pk, oil.pk], "target": oil.pk}
        )
        self.client.post(
            self.url, {**data, ACTION_CHECKBOX_NAME: [oil.pk, petroleum.pk], "target": petroleum.pk}
        )
        self.assertEqual(
            dict(TagRedirect.objects.values_list("old_slug", "tag__slug")),
            {"crude-oil": "petroleum", "oil": "petroleum"},
        )
        self.client.logout()
        self.assertRedirects(self.client.get("/tags/crude-oil/"), "/tags/petroleum/", 301)

    def test_merge_needs_two_tags(self):
        """Selecting one tag changes nothing and says why."""
        response = self.client.post(
            self.url, {"action": "merge", ACTION_CHECKBOX_NAME: self.ids[:1]}, follow=True
        )
        self.assertContains(response, "Select at least two tags to merge.")
        self.assertEqual(Tag.objects.count(), 3)


class RelatedArticleTests(TestCase):
    def test_most_shared_tags_first_then_newest(self):
        """Related articles: most tags in common first, newest first among equals."""
        now = timezone.now()
        article = make_article(title="Main", tags=["Banks", "Rates", "Europe"])
        make_article(
            title="Two shared, old",
            tags=["Banks", "Rates"],
            published_at=now - datetime.timedelta(days=30),
        )
        make_article(
            title="One shared, new", tags=["Europe"], published_at=now - datetime.timedelta(hours=2)
        )
        make_article(
            title="One shared, old", tags=["Banks"], published_at=now - datetime.timedelta(days=40)
        )
        make_article(title="Nothing shared", tags=["Sport"])
        make_article(title="Draft shared", tags=["Banks", "Rates", "Europe"], status="draft")
        response = self.client.get(article.get_absolute_url())
        titles = [a.title for a in response.context["related_articles"]]
        self.assertEqual(titles, ["Two shared, old", "One shared, new", "One shared, old"])
        self.assertContains(response, "Related articles")

    def test_no_tags_no_related_section(self):
        """An article without tags shows no related section."""
        article = make_article(title="Lonely")
        make_article(title="Other", tags=["Banks"])
        self.assertNotContains(self.client.get(article.get_absolute_url()), "Related articles")
