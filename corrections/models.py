import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from articles.models import Article

FUTURE_GRACE = datetime.timedelta(minutes=5)


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Notes on published articles only: a draft's notes stay unseen with it."""
        return self.filter(article__in=Article.objects.published())


class Correction(models.Model):
    """A dated note under a published article: what was wrong, added or made clearer."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"
        CLARIFICATION = "clarification", "Clarification"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    date = models.DateTimeField(default=timezone.now, help_text="When the article was changed.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        max_length=2000,
        help_text="Shown to readers as written: what was wrong, and what is right.",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        get_latest_by = "date"
        verbose_name = "correction or update"
        verbose_name_plural = "corrections and updates"
        indexes = [
            # The /corrections/ page and its feed: newest first.
            models.Index(fields=["-date", "-id"], name="correction_date_idx"),
            # An article's notes, and its latest one (for dateModified and lastmod).
            models.Index(fields=["article", "date"], name="correction_article_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["correction", "update", "clarification"]),
                name="correction_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.article} on {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"

    def clean(self):
        # A note dated ahead would show as the article's dateModified and sitemap lastmod
        # until that day comes. A few minutes' grace for a clock set slightly fast.
        if self.date and self.date > timezone.now() + FUTURE_GRACE:
            raise ValidationError({"date": "A correction cannot be dated in the future."})


def last_correction():
    """The date of an article's latest note, as a subquery for an article queryset."""
    latest = (
        Correction.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(last=Max("date"))
        .values("last")
    )
    return Subquery(latest)


def last_modified(article):
    """When an article last changed for its readers: its last save or its latest note.

    Reads the annotation `last_correction` when the queryset has it, else the prefetched
    corrections (the article page), so it never costs a query of its own.
    """
    moments = [article.updated_at]
    if hasattr(article, "last_correction"):
        moments.append(article.last_correction)
    else:
        moments += [note.date for note in article.corrections.all()]
    return max(moment for moment in moments if moment is not None)
