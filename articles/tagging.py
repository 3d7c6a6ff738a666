"""Merging tags: articles move to the surviving tag, old tag addresses keep redirecting."""

from django.db import transaction
from taggit.models import Tag

from .models import TaggedArticle, TagRedirect
from .search import index_articles


@transaction.atomic
def merge_tags(target, sources):
    """Merge `sources` into `target`; return the number of articles whose tags changed."""
    source_ids = [tag.pk for tag in sources if tag.pk != target.pk]
    if not source_ids:
        return 0
    moving = TaggedArticle.objects.filter(tag_id__in=source_ids)
    affected = set(moving.values_list("content_object_id", flat=True))
    # One row per article and tag: drop links the article would have twice after the merge.
    keep, duplicates = (
        set(
            TaggedArticle.objects.filter(tag=target, content_object_id__in=affected).values_list(
                "content_object_id", flat=True
            )
        ),
        [],
    )
    for pk, article_id in moving.order_by("content_object_id", "pk").values_list(
        "pk", "content_object_id"
    ):
        if article_id in keep:
            duplicates.append(pk)
        else:
            keep.add(article_id)
    TaggedArticle.objects.filter(pk__in=duplicates).delete()
    moving.update(tag=target)
    # Earlier merges into a source now lead to the target, in one hop.
    TagRedirect.objects.filter(tag_id__in=source_ids).update(tag=target)
    TagRedirect.objects.filter(old_slug=target.slug).delete()
    for slug in Tag.objects.filter(pk__in=source_ids).values_list("slug", flat=True):
        TagRedirect.objects.update_or_create(old_slug=slug, defaults={"tag": target})
    Tag.objects.filter(pk__in=source_ids).delete()
    index_articles(sorted(affected))
    return len(affected)
