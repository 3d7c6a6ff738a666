"""Keeping the search index current: index_articles() is the only writer of both indexes
(and of each article's search_tags). Article.save() calls it; the receivers below, connected
in ArticlesConfig.ready(), call it when tags are added, removed, renamed or deleted.
"""

from django.apps import apps
from django.db import connection

import pagecache

from . import postgres, sqlite
from .expressions import FTS_TABLE


def index_articles(ids=None):
    """Bring the search index up to date for these article ids (all articles if None)."""
    if ids is not None:
        ids = [pk for pk in ids if pk is not None]
        if not ids:
            return
    if connection.vendor not in {"postgresql", "sqlite"}:
        return
    index = postgres.index if connection.vendor == "postgresql" else sqlite.index
    if ids is None:
        # A rebuild: every page that reads the index or the articles is renewed.
        index(ids)
        return
    # The index's columns and table are read by the search alone (articles:search): the
    # pages of other articles stay cached.
    keys = {"articles:search", *(f"article:{pk}" for pk in ids)}
    with pagecache.writes("articles_article", FTS_TABLE, keys=keys):
        index(ids)


def _article_ids_with_tags(tag_ids):
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    return list(
        TaggedArticle.objects.filter(tag_id__in=tag_ids)
        .values_list("content_object_id", flat=True)
        .distinct()
    )


def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed of an article's tags, from either side."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, apps.get_model("articles", "Article")):
        index_articles([instance.pk])
    elif pk_set:
        index_articles(list(pk_set))


def tag_renamed(sender, instance, created, **kwargs):
    """post_save of a tag: its name is indexed with each of its articles."""
    if not created:
        index_articles(_article_ids_with_tags([instance.pk]))


def tag_deleting(sender, instance, **kwargs):
    """pre_delete of a tag: its articles, remembered before the cascade removes the links."""
    instance._search_article_ids = _article_ids_with_tags([instance.pk])


def tag_deleted(sender, instance, **kwargs):
    """post_delete of a tag."""
    index_articles(getattr(instance, "_search_article_ids", None) or [])


def article_deleted(sender, instance, **kwargs):
    """post_delete of an article: PostgreSQL's vector went with the row; SQLite's FTS5
    table is separate."""
    if connection.vendor == "sqlite":
        sqlite.forget(instance.pk)
