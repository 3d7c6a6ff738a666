"""The page cache for anonymous readers: served without queries, never stale, never shared wrongly.

Every change an editor or a reader can make is followed by a request to each page it
affects, and that request must show it. The cache is local memory here (one process);
test_two_servers.py runs the same rules across two servers sharing Redis.
"""

import datetime
import re

from django.contrib.auth.models import User
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Comment

from .commenting import CommentingMixin, StaffClient, valid_comment
from .factories import make_article, make_comment

PUBLISHED = timezone.make_aware(datetime.datetime(2026, 3, 10, 9, 0))


def admin_article_form(article, **changes):
    """The article's change form in the admin, as the editor sends it back."""
    local = timezone.localtime(article.published_at)
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "tags": ", ".join(sorted(t.name for t in article.tags.all())),
        "status": article.status,
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
        "byline": article.byline,
        "allow_comments": "on" if article.allow_comments else "",
        "source_name": article.source_name,
        "source_url": article.source_url,
    }
    return data | changes


@override_settings(PAGE_CACHE_TIMEOUT=600)
class PageCacheTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title="Copper climbs on tight supply",
            slug="copper-climbs",
            published_at=PUBLISHED,
            tags=["Metals", "Mining"],
        )
        cls.other = make_article(
            title="Zinc steadies", published_at=PUBLISHED - datetime.timedelta(days=1)
        )
        cls.other.tags.set(["Metals"])
        cls.comment = make_comment(cls.article, body="Smelters will be pleased.")
        cls.pending = make_comment(
            cls.article, body="Waiting for the moderator.", status=Comment.Status.PENDING
        )
        cls.editor = User.objects.create_superuser("editor", "editor@example.com", "pw-x-123")

    # Every page that changes with the article, and its address.
    def affected_pages(self):
        return {
            "article": self.article.get_absolute_url(),
            "home": reverse("articles:article-list"),
            "tag": reverse("articles:tag-detail", args=["metals"]),
            "tag index": reverse("articles:tag-index"),
            "archive index": reverse("articles:archive"),
            "year": reverse("articles:archive-year", args=[2026]),
            "month": reverse("articles:archive-month", args=[2026, 3]),
            "day": reverse("articles:archive-day", args=[2026, 3, 10]),
            "atom feed": reverse("articles:feed-atom"),
            "rss feed": reverse("articles:feed-rss"),
            "tag feed": reverse("articles:tag-feed-atom", args=["metals"]),
            "search": reverse("articles:search") + "?q=copper",
            "sitemap": reverse("sitemap-section", args=["articles"]),
        }

    def warm(self, urls, client=None):
        """Request each page twice, so the next request would surely be a cache hit."""
        client = client or self.client
        for url in urls:
            client.get(url)
            self.assertEqual(client.get(url)["X-Page-Cache"], "hit", url)


class CachedPagesTests(PageCacheTestCase):
    def test_second_request_needs_no_query(self):
        """Every public page, once cached, is served without a single query."""
        urls = [
            *self.affected_pages().values(),
            reverse("articles:comments-feed"),
            reverse("articles:article-comments-feed", args=["copper-climbs"]),
            reverse("articles:tag-feed-rss", args=["metals"]),
            reverse("sitemap"),
            reverse("robots-txt"),
        ]
        for url in urls:
            with self.subTest(url=url):
                first = self.client.get(url)
                self.assertEqual(first.status_code, 200)
                self.assertEqual(first["X-Page-Cache"], "miss")
                with self.assertNumQueries(0):
                    second = self.client.get(url)
                self.assertEqual(second["X-Page-Cache"], "hit")
                self.assertEqual(second.content.count(b"<"), first.content.count(b"<"))

    def test_a_miss_costs_one_query_more(self):
        """A miss is the page's own queries plus one: when the next scheduled article is due."""
        url = reverse("articles:article-list")
        with self.assertNumQueries(2 + 1):
            self.client.get(url)
        with self.assertNumQueries(2):
            self.client.get(url + "?page=1")

    @override_settings(PAGE_CACHE_TIMEOUT=0)
    def test_off(self):
        """PAGE_CACHE_TIMEOUT=0 turns the cache off: every request runs its queries."""
        url = reverse("articles:article-list")
        self.client.get(url)
        with self.assertNumQueries(2):
            response = self.client.get(url)
        self.assertFalse(response.has_header("X-Page-Cache"))

    def test_lost_versions_bring_no_old_page_back(self):
        """If the cache loses the versions of a page's keys, the page stays unused."""
        from django.core.cache import cache

        url = reverse("articles:article-list")
        self.warm([url])
        from pagecache.versions import version_key

        keys = self.client.get(url).page_keys
        cache.delete_many([version_key(key) for key in keys])
        Article.objects.filter(pk=self.article.pk).update(title="Copper retreats")
        cache.delete_many([version_key(key) for key in keys])
        response = self.client.get(url)
        self.assertEqual(response["X-Page-Cache"], "miss")
        self.assertContains(response, "Copper retreats")

    def test_a_hit_is_one_cache_call_with_this_process_copy(self):
        """A process keeps the pages it served: while nothing changed, a hit asks the
        shared cache for the token of the latest change alone; after a change that does
        not concern the page, for the versions of its keys once; after one that does, the
        page is rendered again."""
        from unittest import mock

        from django.core.cache import cache

        from pagecache import pages
        from pagecache.versions import LAST_KEY

        url = reverse("articles:article-list")
        keys = self.client.get(url).page_keys
        self.assertIn("articles:list", keys)
        self.assertIn(f"article:{self.article.pk}", keys)
        # The shared copy is gone (evicted, say); this process's copy is still current.
        cache.delete(pages._page_key(self.client.get(url).wsgi_request))

        def calls():
            return (
                mock.patch.object(pages.cache, "get", wraps=pages.cache.get),
                mock.patch.object(pages.cache, "get_many", wraps=pages.cache.get_many),
            )

        get_patch, get_many_patch = calls()
        with get_patch as get, get_many_patch as get_many, self.assertNumQueries(0):
            response = self.client.get(url)
        self.assertEqual(response["X-Page-Cache"], "hit")
        get.assert_called_once_with(LAST_KEY)
        get_many.assert_not_called()
        # A change the page does not show (an old tag address): its keys are read once,
        # and it stays.
        from articles.models import TagRedirect

        TagRedirect.objects.create(old_slug="base-metals", tag=Tag.objects.get(name="Metals"))
        get_patch, get_many_patch = calls()
        with get_patch, get_many_patch as get_many, self.assertNumQueries(0):
            self.assertEqual(self.client.get(url)["X-Page-Cache"], "hit")
            self.assertEqual(self.client.get(url)["X-Page-Cache"], "hit")
        get_many.assert_called_once()
        self.assertEqual(len(get_many.call_args.args[0]), len(keys) + 1)
        Article.objects.filter(pk=self.article.pk).update(title="Copper retreats")
        response = self.client.get(url)
        self.assertEqual(response["X-Page-Cache"], "miss")
        self.assertContains(response, "Copper retreats")

    def test_without_a_local_copy_a_hit_is_one_cache_call(self):
        """Another process's page: the page and the token of the latest change together."""
        from unittest import mock

        from pagecache import pages

        url = reverse("articles:article-list")
        self.client.get(url)
        pages.local_copies.clear()
        with mock.patch.object(pages.cache, "get_many", wraps=pages.cache.get_many) as get_many:
            response = self.client.get(url)
        self.assertEqual(response["X-Page-Cache"], "hit")
        get_many.assert_called_once()

    def test_no_placeholder_reaches_a_reader(self):
        """The article page served from the cache carries real tokens, never a placeholder."""
        url = self.article.get_absolute_url()
        self.client.get(url)
        response = self.client.get(url)
        self.assertEqual(response["X-Page-Cache"], "hit")
        self.assertNotContains(response, "pagecache-")
        self.assertContains(response, 'name="csrfmiddlewaretoken"')
        self.assertRegex(response.content.decode(), r'name="token" value="[^"]+:[^"]+"')

    def test_headers(self):
        """Shared pages vary on Cookie and must be revalidated; the article page is private."""
        home = self.client.get(reverse("articles:article-list"))
        self.assertIn("Cookie", home["Vary"])
        self.assertIn("no-cache", home["Cache-Control"])
        self.assertNotIn("private", home["Cache-Control"])
        article = self.client.get(self.article.get_absolute_url())
        self.assertIn("private", article["Cache-Control"])
        self.assertIn("Cookie", article["Vary"])


DEAD_REDIS = {
    "default": {
        "BACKEND": "newsarchive.cache.ReusedClientRedisCache",
        # Nothing listens on port 1: every cache call fails at once.
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


class CacheDownTests(PageCacheTestCase):
    def test_pages_and_writes_work_without_the_cache(self):
        """With the cache down, pages are rendered uncached and edits still save."""
        url = self.article.get_absolute_url()
        with self.settings(CACHES=DEAD_REDIS):
            with self.assertLogs("pagecache", "ERROR"):
                response = self.client.get(url)
            self.assertContains(response, "Copper climbs on tight supply")
            self.assertFalse(response.has_header("X-Page-Cache"))
            with self.assertLogs("pagecache", "ERROR"):
                Article.objects.filter(pk=self.article.pk).update(title="Copper retreats")
            with self.assertLogs("pagecache", "ERROR"):
                self.assertContains(self.client.get(url), "Copper retreats")


class InvalidationTests(CommentingMixin, PageCacheTestCase):
    """Each change shows on the very next request to every page it affects."""

    def setUp(self):
        super().setUp()
        self.staff = StaffClient(self.editor)
        self.reader = Client()

    def assert_everywhere(self, text, pages, present=True):
        for name in pages:
            url = self.affected_pages()[name]
            with self.subTest(page=name):
                response = self.reader.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(text in response.content.decode(), present, url)

    def test_approving_a_comment(self):
        """Approved in the admin: the article page, its count on the lists and the feeds."""
        pages = [*self.affected_pages().values(), reverse("articles:comments-feed")]
        self.warm(pages, self.reader)
        self.assertNotContains(self.reader.get(self.article.get_absolute_url()), "Waiting for")
        response = self.staff.post(
            reverse("admin:articles_comment_changelist"),
            {"action": "approve", "_selected_action": [self.pending.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.reader.get(self.article.get_absolute_url()), "Waiting for")
        self.assertContains(self.reader.get(reverse("articles:article-list")), "2 comments")
        self.assertContains(self.reader.get(reverse("articles:comments-feed")), "Waiting for")

    def test_approving_by_a_bulk_update(self):
        """A change made without save() (a queryset update in a script) is seen too."""
        url = self.article.get_absolute_url()
        self.warm([url], self.reader)
        Comment.objects.filter(pk=self.pending.pk).update(status=Comment.Status.APPROVED)
        self.assertContains(self.reader.get(url), "Waiting for the moderator.")

    def test_editing_an_article(self):
        """A new title in the admin: on the article, lists, tag pages, archives, feeds, sitemap."""
        pages = ["article", "home", "tag", "month", "day", "atom feed", "rss feed", "tag feed"]
        self.warm([self.affected_pages()[name] for name in pages], self.reader)
        response = self.staff.post(
            reverse("admin:articles_article_change", args=[self.article.pk]),
            admin_article_form(self.article, title="Copper soars to a record"),
        )
        self.assertEqual(response.status_code, 302)
        self.assert_everywhere("Copper soars to a record", pages)
        self.assert_everywhere("Copper climbs on tight supply", pages, present=False)

    def test_changing_tags(self):
        """A tag added and one removed: the article, both tag pages, their feeds and the index."""
        self.warm(
            [
                self.article.get_absolute_url(),
                reverse("articles:tag-detail", args=["mining"]),
                reverse("articles:tag-index"),
            ],
            self.reader,
        )
        response = self.staff.post(
            reverse("admin:articles_article_change", args=[self.article.pk]),
            admin_article_form(self.article, tags="Metals, Energy"),
        )
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.reader.get(self.article.get_absolute_url()), "Energy")
        # No public article has the tag any more: its page is gone (404), not served stale.
        self.assertNotContains(
            self.reader.get(reverse("articles:tag-detail", args=["mining"])),
            "Copper",
            status_code=404,
        )
        energy = self.reader.get(reverse("articles:tag-detail", args=["energy"]))
        self.assertContains(energy, "Copper climbs on tight supply")
        self.assertContains(self.reader.get(reverse("articles:tag-index")), "Energy")

    def test_renaming_a_tag(self):
        """A tag renamed in the admin shows its new name on every article carrying it."""
        tag = Tag.objects.get(name="Metals")
        self.warm([self.article.get_absolute_url(), self.other.get_absolute_url()], self.reader)
        response = self.staff.post(
            reverse("admin:taggit_tag_change", args=[tag.pk]),
            {"name": "Base metals", "slug": "metals"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.reader.get(self.article.get_absolute_url()), "Base metals")
        self.assertContains(self.reader.get(self.other.get_absolute_url()), "Base metals")

    def test_changing_a_slug(self):
        """A new slug: the old address redirects at once, every list links the new one."""
        old_url = self.article.get_absolute_url()
        pages = ["home", "tag", "month", "atom feed", "sitemap"]
        self.warm([old_url, *(self.affected_pages()[name] for name in pages)], self.reader)
        response = self.staff.post(
            reverse("admin:articles_article_change", args=[self.article.pk]),
            admin_article_form(self.article, slug="copper-record"),
        )
        self.assertEqual(response.status_code, 302)
        self.assertRedirects(self.reader.get(old_url), "/articles/copper-record/", status_code=301)
        self.assert_everywhere("/articles/copper-record/", pages)
        self.assert_everywhere('/articles/copper-climbs/"', pages, present=False)

    def test_unpublishing(self):
        """An article taken back to draft disappears from every page at once."""
        self.warm(self.affected_pages().values(), self.reader)
        response = self.staff.post(
            reverse("admin:articles_article_changelist"),
            {"action": "unpublish", "_selected_action": [self.article.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.reader.get(self.article.get_absolute_url()).status_code, 404)
        pages = [name for name in self.affected_pages() if name not in {"article", "search"}]
        for name in pages:
            with self.subTest(page=name):
                response = self.reader.get(self.affected_pages()[name])
                self.assertNotContains(response, "Copper climbs", status_code=response.status_code)

    def test_scheduled_article_appears_when_its_time_comes(self):
        """No write happens when a scheduled article goes live: the cache knows when it will."""
        launch = timezone.now() + datetime.timedelta(hours=2)
        make_article(title="Nickel plan unveiled", published_at=launch, tags=["Metals"])
        home, tag = (
            reverse("articles:article-list"),
            reverse("articles:tag-detail", args=["metals"]),
        )
        self.warm([home, tag], self.reader)
        self.assertNotContains(self.reader.get(home), "Nickel plan unveiled")
        self.clock.move_to(launch - datetime.timedelta(seconds=1))
        self.assertNotContains(self.reader.get(home), "Nickel plan unveiled")
        self.clock.move_to(launch)
        self.assertContains(self.reader.get(home), "Nickel plan unveiled")
        self.assertContains(self.reader.get(tag), "Nickel plan unveiled")

    @override_settings(COMMENTS_CLOSE_AFTER_DAYS=30)
    def test_comments_close_when_their_time_comes(self):
        """The form disappears from a cached page the moment comments close."""
        fresh = make_article(title="Tin rallies", published_at=timezone.now())
        url = fresh.get_absolute_url()
        self.warm([url], self.reader)
        self.assertContains(self.reader.get(url), "Post Comment")
        self.clock.move_to(fresh.published_at + datetime.timedelta(days=30))
        response = self.reader.get(url)
        self.assertNotContains(response, "Post Comment")
        self.assertContains(response, "Comments are closed.")

    def test_a_pending_comment_leaves_the_cache_alone(self):
        """A comment waiting for moderation changes no shared page, so it empties no cache."""
        url = self.article.get_absolute_url()
        response = self.post_comment(self.article, author_email="new@example.net")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Comment.objects.filter(author_email="new@example.net").count(), 1)
        self.warm([url], self.reader)
        self.post_comment(self.article, client=self.new_client(), ip="192.0.2.7", body="Again.")
        with self.assertNumQueries(0):
            self.assertEqual(self.reader.get(url)["X-Page-Cache"], "hit")


class TagCountTests(CommentingMixin, PageCacheTestCase):
    """The count of every tag's articles is costly: it is kept until articles or tags
    change, or a scheduled article's time comes, and a comment does not throw it away."""

    # The tag index rendered anew without counting: when the next scheduled article goes
    # live, looked up for the page and for the kept counts. Counting every
    # tag's articles is one query more, the only one whose cost grows with the archive.
    RENDER_QUERIES = 2
    COUNT_QUERIES = 1
    COUNTED = RENDER_QUERIES + COUNT_QUERIES

    def setUp(self):
        super().setUp()
        self.staff = StaffClient(self.editor)

    def tag_index(self):
        """The counts the tag index shows, and the number of queries it took."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("articles:tag-index"))
        self.assertEqual(response.status_code, 200)
        counts = dict(re.findall(r'rel="tag">([^<]+)</a> <span class="count">(\d+)', response.text))
        return counts, len(queries)

    def test_a_comment_leaves_the_counts_alone(self):
        self.assertEqual(self.tag_index(), ({"Metals": "2", "Mining": "1"}, self.COUNTED))
        response = self.staff.post(
            reverse("admin:articles_comment_changelist"),
            {"action": "approve", "_selected_action": [self.pending.pk]},
        )
        self.assertEqual(response.status_code, 302)
        # The page does not show comments: it is still served from the cache.
        self.assertEqual(self.tag_index(), ({"Metals": "2", "Mining": "1"}, 0))
        # Rendered again (lost from the cache, say), it does not count again either.
        from django.core.cache import cache

        from pagecache import local_copies, pages

        request = self.client.get(reverse("articles:tag-index")).wsgi_request
        cache.delete(pages._page_key(request))
        local_copies.clear()
        self.assertEqual(self.tag_index(), ({"Metals": "2", "Mining": "1"}, self.RENDER_QUERIES))

    def test_changing_tags_recounts(self):
        self.tag_index()
        self.other.tags.add("Mining")
        self.assertEqual(self.tag_index(), ({"Metals": "2", "Mining": "2"}, self.COUNTED))
        Article.objects.filter(pk=self.other.pk).update(status=Article.Status.DRAFT)
        self.assertEqual(self.tag_index(), ({"Metals": "1", "Mining": "1"}, self.COUNTED))
        Tag.objects.filter(name="Mining").update(name="Quarrying")
        self.assertEqual(self.tag_index(), ({"Metals": "1", "Quarrying": "1"}, self.COUNTED))

    def test_a_scheduled_article_is_counted_when_its_time_comes(self):
        launch = timezone.now() + datetime.timedelta(hours=2)
        make_article(title="Nickel plan unveiled", published_at=launch, tags=["Mining"])
        self.assertEqual(self.tag_index(), ({"Metals": "2", "Mining": "1"}, self.COUNTED))
        self.clock.move_to(launch - datetime.timedelta(seconds=1))
        # Until then the page itself is kept: no query at all.
        self.assertEqual(self.tag_index(), ({"Metals": "2", "Mining": "1"}, 0))
        self.clock.move_to(launch)
        self.assertEqual(self.tag_index(), ({"Metals": "2", "Mining": "2"}, self.COUNTED))

    def test_the_sitemap_and_the_index_share_the_counts(self):
        self.tag_index()
        response = self.client.get(reverse("sitemap-section", args=["tags"]))
        self.assertContains(response, reverse("articles:tag-detail", args=["mining"]))

    @override_settings(PAGE_CACHE_TIMEOUT=0)
    def test_without_the_shared_cache_every_request_counts(self):
        self.assertEqual(self.tag_index()[1], self.COUNT_QUERIES)
        self.assertEqual(self.tag_index()[1], self.COUNT_QUERIES)


class PersonalPagesTests(CommentingMixin, PageCacheTestCase):
    """Readers whose page is their own never get a shared page, nor leave theirs to others."""

    def test_every_reader_can_post_from_a_cached_page(self):
        """Two readers get the same cached article; each one's CSRF and form tokens work."""
        url = self.article.get_absolute_url()
        first, second = self.new_client(), self.new_client()
        self.assertEqual(first.get(url)["X-Page-Cache"], "miss")
        response = self.post_comment(self.article, client=first, ip="192.0.2.1")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(second.get(url)["X-Page-Cache"], "hit")
        response = self.post_comment(
            self.article,
            client=second,
            ip="192.0.2.2",
            **valid_comment(author_email="other@example.net", body="Different words."),
        )
        self.assertEqual(response.status_code, 302)
        self.assertNotEqual(first.cookies["csrftoken"].value, second.cookies["csrftoken"].value)
        self.assertEqual(Comment.objects.filter(article=self.article).count(), 4)

    def test_own_pending_comment_is_shown_to_its_author_only(self):
        """The author's page (they carry a cookie) shows their pending comment; others' never."""
        url = self.article.get_absolute_url()
        self.warm([url], self.new_client())
        self.post_comment(self.article, body="My own words, pending.")
        mine = self.client.get(url)
        self.assertContains(mine, "My own words, pending.")
        self.assertContains(mine, "Your comment is awaiting moderation.")
        self.assertFalse(mine.has_header("X-Page-Cache"))
        stranger = self.new_client().get(url)
        self.assertNotContains(stranger, "My own words, pending.")
        self.assertEqual(stranger["X-Page-Cache"], "hit")

    def test_saved_name_is_not_shared(self):
        """A reader who asked to be remembered gets the form pre-filled; nobody else does."""
        url = self.article.get_absolute_url()
        self.post_comment(self.article, save_author="on", author_name="Remembered Reader")
        self.assertContains(self.client.get(url), 'value="Remembered Reader"')
        self.assertNotContains(self.new_client().get(url), "Remembered Reader")
        self.assertNotContains(self.new_client().get(url), "Remembered Reader")

    def test_staff_with_a_session_get_their_own_page(self):
        """A logged-in editor's pages are rendered for them, not taken from the cache."""
        url = reverse("articles:article-list")
        self.warm([url], self.new_client())
        staff = Client()
        staff.force_login(self.editor)
        response = staff.get(url)
        self.assertFalse(response.has_header("X-Page-Cache"))

    def test_unknown_cookie_skips_the_cache(self):
        """Any cookie but the CSRF one might shape the page: such a reader gets a fresh one."""
        url = reverse("articles:article-list")
        self.warm([url], self.new_client())
        client = self.new_client()
        client.cookies["comment_anything"] = "x"
        self.assertFalse(client.get(url).has_header("X-Page-Cache"))


class ConditionalGetTests(CommentingMixin, PageCacheTestCase):
    """ETag and Last-Modified: 304 while nothing changed, 200 as soon as something did."""

    def test_list_page_and_feed(self):
        """Pages without a form and feeds answer 304 to either validator."""
        for url in [reverse("articles:article-list"), reverse("articles:feed-atom")]:
            with self.subTest(url=url):
                response = self.client.get(url)
                etag, modified = response["ETag"], response["Last-Modified"]
                again = self.client.get(url, headers={"if-none-match": etag})
                self.assertEqual(again.status_code, 304)
                self.assertEqual(again.content, b"")
                since = self.client.get(url, headers={"if-modified-since": modified})
                self.assertEqual(since.status_code, 304)

    def test_a_change_ends_the_304s(self):
        """After an edit the same validators get the new page."""
        url = reverse("articles:feed-atom")
        response = self.client.get(url)
        etag, modified = response["ETag"], response["Last-Modified"]
        self.clock.shift(5)
        Article.objects.filter(pk=self.article.pk).update(title="Copper retreats")
        fresh = self.client.get(url, headers={"if-none-match": etag})
        self.assertEqual(fresh.status_code, 200)
        self.assertContains(fresh, "Copper retreats")
        self.assertNotEqual(fresh["ETag"], etag)
        later = self.client.get(url, headers={"if-modified-since": modified})
        self.assertEqual(later.status_code, 200)

    def test_article_page_is_tied_to_the_readers_csrf_cookie(self):
        """The article's ETag holds for the reader who has the page, not for another one."""
        url = self.article.get_absolute_url()
        response = self.client.get(url)
        self.assertFalse(response.has_header("Last-Modified"))
        etag = response["ETag"]
        self.assertEqual(self.client.get(url, headers={"if-none-match": etag}).status_code, 304)
        stranger = self.new_client().get(url, headers={"if-none-match": etag})
        self.assertEqual(stranger.status_code, 200)

    def test_article_page_etag_renews_before_the_form_expires(self):
        """After a quarter of the form's lifetime a 304 no longer keeps the old form token."""
        url = self.article.get_absolute_url()
        etag = self.client.get(url)["ETag"]
        self.clock.shift(31 * 60)
        response = self.client.get(url, headers={"if-none-match": etag})
        self.assertEqual(response.status_code, 200)
        token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
        self.clock.shift(5)
        posted = self.client.post(
            reverse("articles:comment-create", args=[self.article.slug]),
            valid_comment(token=token, csrfmiddlewaretoken=self.client.cookies["csrftoken"].value),
        )
        self.assertEqual(posted.status_code, 302)
