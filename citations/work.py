"""The Work an article page cites: the article's own fields and its permanent address."""

from django.conf import settings
from django.utils import timezone

from .formats import Work


def work_for_article(article, request):
    # Archived: when it was imported, or, for an article written here, when it was created.
    archived = article.imported_at or article.created_at or article.published_at
    # The author records, in the byline's order; else the byline as the source gave it.
    names = [byline.author.name for byline in article.bylines.all()]
    return Work.from_byline(
        " and ".join(names) or article.byline,
        title=article.title,
        published=timezone.localdate(article.published_at),
        archived=timezone.localdate(archived),
        permanent_url=request.build_absolute_uri(article.get_absolute_url()),
        archive_name=settings.SITE_NAME,
        source_name=article.source_label,
        source_url=article.source_url,
    )
