"""A mark on each article revision that records the article's authors and corrections.

Revisions kept before django-reversion followed the bylines and corrections hold none of
their rows, which would read as "no authors, no corrections". The mark tells the two
apart: restoring an unmarked revision leaves the authors and corrections as they are,
where a marked one with no rows means there were none.
"""

from django.db import models


class RevisionMark(models.Model):
    revision = models.OneToOneField(
        "reversion.Revision", on_delete=models.CASCADE, related_name="article_mark"
    )

    class Meta:
        verbose_name = "revision with authors and corrections"
        verbose_name_plural = "revisions with authors and corrections"

    def __str__(self):
        return f"Revision {self.revision_id} records authors and corrections"
