"""Parts of the article page kept apart from it (pagecache.fragment): the related articles
and the other copies of a syndicated story are not queried again when only a comment
changed the page, and they are never stale.

Each test warms the article's page (a second request is a hit), makes one kind of write,
then reads the page as an anonymous reader.
"""

import datetime

import time_machine
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from copies.models import CopyGroup
from copies.tests.test_copies import EDITED, STORY, save_on_commit

from .factories import make_article, make_comment

NOW = timezone.make_aware(datetime.datetime(2026, 3, 10, 9, 0))


@override_settings(PAGE_CACHE_TIMEOUT=600)
class RelatedFragmentTests(TestCase):
    def setUp(self):
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)
        self.article = make_article(title="Copper climbs", tags=["Metals", "Chile"])
        self.related = make_article(
            title="Chilean mines strike",
            tags=["Metals", "Chile"],
            published_at=NOW - datetime.timedelta(days=2),
        )
        self.url = self.article.get_absolute_url()

    def warm(self):
        self.client.get(self.url)
        self.assertEqual(self.client.get(self.url)["X-Page-Cache"], "hit")

    def render(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url)
        self.assertEqual(response["X-Page-Cache"], "miss")
        return response, len(queries)

    def test_a_new_comment_renders_the_page_without_querying_the_related_articles_again(self):
        first, first_queries = self.render()
        self.assertContains(first, "Chilean mines strike")
        make_comment(self.article, body="Smelters will be pleased.")
        again, again_queries = self.render()
        self.assertContains(again, "Smelters will be pleased.")
        self.assertContains(again, "Chilean mines strike")
        # Related articles (two statements) and the copies of the story (one) are kept.
        self.assertLessEqual(again_queries, first_queries - 3)

    def test_a_related_articles_new_title_shows(self):
        self.warm()
        self.related.title = "Chilean mines end strike"
        self.related.save()
        self.assertContains(self.client.get(self.url), "Chilean mines end strike")

    def test_a_related_article_unpublished_by_a_bulk_update_goes(self):
        self.warm()
        Article.objects.filter(pk=self.related.pk).update(status=Article.Status.DRAFT)
        self.assertNotContains(self.client.get(self.url), "Chilean mines strike")

    def test_a_newly_published_article_sharing_tags_appears(self):
        self.warm()
        make_article(title="Smelters expand", tags=["Metals", "Chile"])
        self.assertContains(self.client.get(self.url), "Smelters expand")

    def test_a_new_tag_on_the_article_brings_its_articles(self):
        make_article(title="Lithium output doubles", tags=["Lithium"])
        self.warm()
        self.assertNotContains(self.client.get(self.url), "Lithium output doubles")
        self.article.tags.add("Lithium")
        self.assertContains(self.client.get(self.url), "Lithium output doubles")

    def test_a_scheduled_article_sharing_tags_appears_when_it_goes_live(self):
        make_article(
            title="Copper futures at record",
            tags=["Metals", "Chile"],
            published_at=NOW + datetime.timedelta(hours=1),
        )
        self.warm()
        self.assertNotContains(self.client.get(self.url), "Copper futures at record")
        with time_machine.travel(NOW + datetime.timedelta(hours=1, seconds=1), tick=False):
            self.assertContains(self.client.get(self.url), "Copper futures at record")

    def test_a_deleted_related_article_goes(self):
        self.warm()
        self.related.delete()
        self.assertNotContains(self.client.get(self.url), "Chilean mines strike")


@override_settings(PAGE_CACHE_TIMEOUT=600)
class CopiesFragmentTests(TestCase):
    def test_copies_follow_the_group_through_comments_and_changes(self):
        wire = save_on_commit(self, title="Google invests in JD", body=STORY)
        copy = save_on_commit(self, title="Google invests in JD", body=EDITED, source_name="Site B")
        url = wire.get_absolute_url()
        self.assertContains(self.client.get(url), "Also published by")
        make_comment(wire, body="A wire story worth reading.")
        page = self.client.get(url)
        self.assertContains(page, "A wire story worth reading.")
        self.assertContains(page, "Site B")
        CopyGroup.objects.update(canonical=copy)
        canonical = f'<link rel="canonical" href="http://testserver{copy.get_absolute_url()}">'
        self.assertContains(self.client.get(url), canonical, html=True)
        Article.objects.filter(pk=copy.pk).update(status=Article.Status.DRAFT)
        self.assertNotContains(self.client.get(url), "Also published by")
