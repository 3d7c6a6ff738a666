"""Every public tag with its number of public articles: for the tag index and the sitemap.

Counting every tag's public articles reads the whole (article, tag) table joined to the
articles: seconds at a million articles. So when the page cache is on (a cache shared by
every app server), the list is kept in that cache under the versions of the keys it depends
on (caching.TAG_COUNT_KEYS: articles and tags, not comments), and under the time of the next
scheduled publication, after which the counts change by themselves. The next request after
such a change counts again; the many between two changes do not. Without a shared cache
nothing could tell one process that another changed the archive, so each request counts.
"""

import datetime
import hashlib
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.functions import Lower
from django.utils import timezone
from taggit.models import Tag

import pagecache

from .caching import TAG_COUNT_KEYS, next_publication
from .models import Article


class TagSummary(NamedTuple):
    pk: int
    name: str
    slug: str
    article_count: int
    last_change: datetime.datetime


def tag_summaries():
    """Tags with at least one public article, by name: TagSummary tuples, in a list."""
    # The page that shows the counts depends on them even when they come from the cache.
    pagecache.depends_on(*TAG_COUNT_KEYS)
    if not pagecache.enabled():
        return _count()
    try:
        moment = next_publication(timezone.now())
        versions = hashlib.sha256(" ".join(pagecache.current(TAG_COUNT_KEYS)).encode())
        key = f"tagsummary:{versions.hexdigest()[:32]}:{moment and moment.timestamp()}"
        return cache.get_or_set(key, _count, timeout=settings.PAGE_CACHE_TIMEOUT)
    except pagecache.CACHE_ERRORS:
        # The shared cache is down: count, as without it.
        return _count()


def _count():
    rows = (
        Tag.objects.filter(
            articles_taggedarticle_items__content_object__in=Article.objects.published()
        )
        .annotate(
            article_count=Count("articles_taggedarticle_items"),
            last_change=Max("articles_taggedarticle_items__content_object__updated_at"),
        )
        .order_by(Lower("name"), "pk")
        .values_list("pk", "name", "slug", "article_count", "last_change")
    )
    return [TagSummary(*row) for row in rows]
