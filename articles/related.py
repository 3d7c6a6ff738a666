"""Related articles: those sharing the most tags with an article, newest first.

Counting shared tags for every article that carries any of the tags joins each of them to
its article row, to check it is published: for an article with popular tags that is more
than ten thousand rows, about 60 ms of a 120 ms render at 100,000 articles (bench/run.py's
archive), paid again each time a comment invalidates the page. Two small queries give the
same list in about 12 ms there: the articles sharing two tags or more are counted on the
tag table's (tag, article) index alone, and only those are joined; the rest share exactly
one tag, so among them the newest come first, which the index on the publication date
finds without counting anything. (One statement joining both as ``pk IN (...) OR pk IN
(...)`` is planned as a scan of every article: slower than the old query.)
"""

from django.db.models import Count, Exists, OuterRef

from .models import Article, TaggedArticle

RELATED_ARTICLES = 5
FIELDS = ("title", "slug", "published_at")


def related_articles(article, tags, count=RELATED_ARTICLES):
    """Up to ``count`` published articles sharing tags with ``article``: most tags shared
    first, then newest (then highest id). One query, and a second when fewer than
    ``count`` share two tags or more."""
    if not tags:
        return []
    tag_ids = [tag.pk for tag in tags]
    tagged = TaggedArticle.objects.filter(tag_id__in=tag_ids).exclude(content_object_id=article.pk)
    several = (
        tagged.values("content_object_id")
        .annotate(shared=Count("tag_id"))
        .filter(shared__gte=2)
        .values("content_object_id")
    )
    best = list(
        Article.objects.published()
        .filter(pk__in=several, tags__in=tag_ids)
        .only(*FIELDS)
        .annotate(shared_tags=Count("tags"))
        .order_by("-shared_tags", "-published_at", "-id")[:count]
    )
    if len(best) == count:
        return best
    # Every published article sharing two tags or more is in ``best`` now, so the newest
    # articles sharing any tag, less those, share exactly one.
    chosen = {related.pk for related in best}
    newest = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .filter(Exists(tagged.filter(content_object_id=OuterRef("pk"))))
        .only(*FIELDS)
        .order_by("-published_at", "-id")[: count + len(best)]
    )
    for related in newest:
        if related.pk not in chosen and len(best) < count:
            related.shared_tags = 1
            best.append(related)
    return best
