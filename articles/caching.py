"""What the archive tells the page cache: its keys, what a write touches, and when pages
change by themselves.

Keys:
- ``article:<pk>``: a page that shows the article (its page, a list it is on, a feed);
  touched by every save or delete of it, of one of its public comments, of its tags.
- ``articles:list``: every page that reads the articles table (lists, archives, counts);
  touched when a list's membership or order can change: an article created, deleted,
  published or unpublished, or given a new publication date.
- ``articles:search``: search results; touched by any change of an article or its tags.
- ``comments:list``: the latest comments feed; touched when a comment becomes, stays or
  stops being public.
- ``tag:<pk>``: a page that shows the tag (its page, an article carrying it);
  ``tags:list``: the tag index and counts. Touched by a tag's save or delete and by an
  article gaining or losing it.
"""

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from taggit.models import Tag

import pagecache

from .models import Article, Comment, TaggedArticle

# What the tag index depends on (tagsummary.py keeps its counts without reading them).
TAG_COUNT_KEYS = (
    "articles:list",
    "tags:list",
    "table:articles_article",
    "table:articles_taggedarticle",
    "table:taggit_tag",
)


def _article_state(article):
    # From the loaded fields only: a deferred field must not cost a query per instance.
    return (article.__dict__.get("status"), article.__dict__.get("published_at"))


def _article_changed(article, before, deleted):
    keys = {f"article:{article.pk}", "articles:search"}
    if deleted or before is None or before != _article_state(article):
        keys.add("articles:list")
    return keys


def _comment_changed(comment, before, deleted):
    approved = Comment.Status.APPROVED
    public = before == approved or (not deleted and comment.status == approved)
    return {f"article:{comment.article_id}", "comments:list"} if public else ()


def _tagging_changed(tagged, before, deleted):
    return {
        f"article:{tagged.content_object_id}",
        f"tag:{tagged.tag_id}",
        "tags:list",
        "articles:search",
    }


def _loaded(instance, *names):
    """Keys from fields the instance was loaded with: a deferred one (``only()``) would
    cost a query per instance. A page that shows such an instance loads what it points
    to (the comments feed, the comment's article), whose key covers it."""
    values = [instance.__dict__.get(name) for name in names]
    return None if None in values else values


def _comment_keys(comment):
    loaded = _loaded(comment, "article_id")
    return (f"article:{loaded[0]}",) if loaded else ()


def _tagging_keys(tagged):
    loaded = _loaded(tagged, "content_object_id", "tag_id")
    return (f"article:{loaded[0]}", f"tag:{loaded[1]}") if loaded else ()


def register():
    """Called from ArticlesConfig.ready()."""
    pagecache.watch("articles", "taggit")
    pagecache.register_model(
        Article,
        instance_keys=lambda article: (f"article:{article.pk}",),
        state=_article_state,
        changed_keys=_article_changed,
        read_keys=("articles:list",),
    )
    pagecache.register_model(
        Comment,
        instance_keys=_comment_keys,
        state=lambda comment: comment.__dict__.get("status"),
        changed_keys=_comment_changed,
    )
    pagecache.register_model(
        Tag,
        instance_keys=lambda tag: (f"tag:{tag.pk}",),
        changed_keys=lambda tag, before, deleted: {f"tag:{tag.pk}", "tags:list"},
    )
    pagecache.register_model(
        TaggedArticle,
        instance_keys=_tagging_keys,
        changed_keys=_tagging_changed,
    )
    pagecache.register_timed(timed_changes)


def next_publication(now):
    """When the next scheduled article goes live (None: none is scheduled)."""
    return Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now).aggregate(
        m=Min("published_at")
    )["m"]


def timed_changes(now):
    """The next scheduled publication and the next comments closing, with their keys."""
    scheduled = list(
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at", "pk")
        .values_list("pk", "published_at")[:100]
    )
    if scheduled:
        first = scheduled[0][1]
        keys = {f"article:{pk}" for pk, moment in scheduled if moment == first}
        yield first, keys | {"articles:list", "articles:search"}
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days > 0:
        window = timezone.timedelta(days=days)
        closing = list(
            Article.objects.published()
            .filter(allow_comments=True, published_at__gt=now - window)
            .order_by("published_at", "pk")
            .values_list("pk", "published_at")[:100]
        )
        if closing:
            first = closing[0][1]
            yield first + window, {f"article:{pk}" for pk, moment in closing if moment == first}
