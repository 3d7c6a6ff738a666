"""Search on SQLite: the FTS5 table articles_article_fts, one row per article (rowid = id).

Models come from the app registry: this module never imports them.
"""

from django.apps import apps
from django.db import connection, models
from django.db.models import Case, ExpressionWrapper, Func, Value, When

from ..html import plain_text
from .expressions import FTS_TABLE, NotIndexed


def _entries():
    return apps.get_model("articles", "ArticleSearchEntry").objects


def _rowids(expression):
    return _entries().filter(fts__match=expression).values("article_id")


def with_fts_id(queryset):
    """The `fts_id` alias the filter and the rank compare (see NotIndexed)."""
    return queryset.alias(fts_id=NotIndexed("pk"))


def match(queryset, parsed):
    return with_fts_id(queryset).filter(fts_id__in=_rowids(parsed.fts5()))


def rank(parsed):
    """Where the whole query matches: title (8), tags (4), standfirst (2), body (1), summed.

    FTS5's own bm25 costs too much for a word found in half the archive. The queryset needs
    the `fts_id` alias (with_fts_id()).
    """
    positive = parsed.fts5_positive()
    score = Value(1.0)
    for column, weight in (("title", 8.0), ("tags", 4.0), ("standfirst", 2.0)):
        in_column = _rowids(f"{{{column}}} : ({positive})")
        score += Case(When(fts_id__in=in_column, then=Value(weight)), default=Value(0.0))
    return ExpressionWrapper(score, output_field=models.FloatField())


def snippets(articles, parsed, size):
    """FTS5's snippet() of the body column, in one query: {article id: snippet}."""
    snippet = Func(
        template=f"snippet({FTS_TABLE}, 3, char(2), char(3), '\N{HORIZONTAL ELLIPSIS}', {size})",
        output_field=models.TextField(),
    )
    rows = _entries().filter(
        fts__match=parsed.fts5(), article_id__in=[article.pk for article in articles]
    )
    return dict(rows.annotate(s=snippet).values_list("article_id", "s"))


def index(ids, chunk=500):
    """Write the FTS5 rows and tag ids of these articles (all, from scratch, if None)."""
    Article = apps.get_model("articles", "Article")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    if ids is None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # nosec B608: a constant table name
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        clear = False
    else:
        clear = True
    for start in range(0, len(ids), chunk):
        batch = ids[start : start + chunk]
        names, tag_ids = {}, {}
        tagged = (
            TaggedArticle.objects.filter(content_object_id__in=batch)
            .order_by("tag_id")
            .values_list("content_object_id", "tag_id", "tag__name")
        )
        for article_id, tag_id, name in tagged:
            names.setdefault(article_id, []).append(name)
            tag_ids.setdefault(article_id, []).append(str(tag_id))
        rows = [
            (pk, title, " ".join(names.get(pk, ())), standfirst, plain_text(body))
            for pk, title, standfirst, body in Article.objects.filter(pk__in=batch).values_list(
                "pk", "title", "standfirst", "body"
            )
        ]
        with connection.cursor() as cursor:
            if clear:
                placeholders = ", ".join(["%s"] * len(batch))
                # Only the constant table name and %s placeholders are formatted in.
                delete = f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})"  # nosec B608
                cursor.execute(delete, batch)
            insert = (
                f"INSERT INTO {FTS_TABLE} (rowid, title, tags, standfirst, body) "  # nosec B608
                "VALUES (%s, %s, %s, %s, %s)"
            )
            cursor.executemany(insert, rows)
            update = "UPDATE articles_article SET search_tags = %s WHERE id = %s"
            cursor.executemany(update, [(" ".join(tag_ids.get(pk, ())), pk) for pk in batch])


def forget(article_id):
    """Drop a deleted article's row (PostgreSQL's vector goes with the article's row)."""
    with connection.cursor() as cursor:
        delete = f"DELETE FROM {FTS_TABLE} WHERE rowid = %s"  # nosec B608: constant name
        cursor.execute(delete, [article_id])


def filter_by_tag(queryset, tag_id):
    return queryset.filter(tags=tag_id)
