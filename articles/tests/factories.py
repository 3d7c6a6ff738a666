"""Small factories for tests: sensible defaults, every field overridable."""

import datetime
import itertools

from django.utils import timezone

from articles.models import Article, Comment

_counter = itertools.count(1)


def make_article(tags=(), **fields):
    n = next(_counter)
    defaults = {
        "title": f"Test article {n}",
        "body": f"First paragraph of article {n}.\n\nSecond paragraph.",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=1),
    }
    article = Article.objects.create(**(defaults | fields))
    if tags:
        article.tags.set(list(tags))
    return article


def make_comment(article, **fields):
    n = next(_counter)
    defaults = {
        "author_name": f"Reader {n}",
        "author_email": f"reader{n}@example.org",
        "body": f"Comment number {n}.",
        "status": Comment.Status.APPROVED,
    }
    return Comment.objects.create(article=article, **(defaults | fields))
