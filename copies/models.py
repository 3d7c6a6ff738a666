from django.db import models
from django.urls import reverse


class CopyGroup(models.Model):
    """Articles that are copies of one story. The canonical one is named by editors; the
    others point search engines to it with rel=canonical."""

    canonical = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The copy search engines should index; the others name it as canonical.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "group of copies"
        verbose_name_plural = "groups of copies"

    def __str__(self):
        return f"Copies of “{self.canonical or self.fingerprints.first().article}”"

    def get_admin_url(self):
        return reverse("admin:copies_copygroup_change", args=[self.pk])


class Fingerprint(models.Model):
    """An article's MinHash signature (its words' 5-word shingles), and its group."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="fingerprint"
    )
    signature = models.BinaryField()
    group = models.ForeignKey(
        CopyGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="fingerprints"
    )
    # Set when an editor splits the article out of a wrong group: never grouped again
    # automatically.
    standalone = models.BooleanField(
        default=False, help_text="Never put in a group automatically (split out by an editor)."
    )

    class Meta:
        verbose_name = "fingerprint"

    def __str__(self):
        return f"Fingerprint of {self.article}"


class Band(models.Model):
    """One locality-sensitive-hashing band of a signature: articles sharing a band are
    candidates, compared by their whole signatures."""

    fingerprint = models.ForeignKey(Fingerprint, on_delete=models.CASCADE, related_name="bands")
    number = models.PositiveSmallIntegerField()
    value = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["number", "value"], name="copies_band_lookup")]
        constraints = [
            models.UniqueConstraint(fields=["fingerprint", "number"], name="copies_band_unique")
        ]

    def __str__(self):
        return f"band {self.number} of {self.fingerprint_id}"
