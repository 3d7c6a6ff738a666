"""Writing an article's key figures when it is saved or imported."""

from django.db import transaction

from articles.html import plain_text
from articles.models import Article

from .extraction import extract
from .models import KeyFigure

# Longer than any figure written in words; the sentence is kept whole.
TEXT_LENGTH = KeyFigure._meta.get_field("text").max_length


def article_text(article):
    parts = (article.title, article.standfirst, plain_text(article.body_html))
    return "\n\n".join(part for part in parts if part)


def figures_of(article):
    found = extract(article_text(article))
    return [
        KeyFigure(
            article_id=article.pk,
            kind=figure.kind,
            value=figure.value,
            upper=figure.upper if figure.upper is None or figure.upper >= figure.value else None,
            currency=figure.currency,
            scale=figure.scale,
            qualifier=figure.qualifier,
            text=figure.text[:TEXT_LENGTH],
            sentence=figure.sentence,
            position=figure.start,
        )
        for figure in found
    ]


_COMPARED = (
    "article_id",
    "kind",
    "value",
    "upper",
    "currency",
    "scale",
    "qualifier",
    "text",
    "sentence",
    "position",
)


def _compared(figure):
    return tuple(str(getattr(figure, name)) for name in _COMPARED)


def write_figures(articles):
    """Replace these articles' key figures with those their text states now."""
    articles = list(articles)
    figures = [figure for article in articles for figure in figures_of(article)]
    stored = KeyFigure.objects.filter(article__in=[a.pk for a in articles])
    if sorted(map(_compared, stored)) == sorted(map(_compared, figures)):
        # Nothing to write: most edits leave the figures as they were, and a write would
        # renew every cached page that shows figures.
        return
    with transaction.atomic():
        KeyFigure.objects.filter(article__in=[a.pk for a in articles]).delete()
        KeyFigure.objects.bulk_create(figures, batch_size=500)


def article_saved(sender, instance, raw=False, **kwargs):
    """Article post_save receiver."""
    if not raw:
        write_figures([instance])


def articles_imported(sender, article_ids, **kwargs):
    """articles_imported receiver (the importer's bulk writes send no post_save)."""
    for start in range(0, len(article_ids), 500):
        write_figures(Article.objects.filter(pk__in=article_ids[start : start + 500]))
