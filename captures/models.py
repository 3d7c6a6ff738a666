"""The original capture of an imported web page, kept so that an editor can check it.

An article extracted from a saved HTML page or a WARC record keeps the bytes it came from,
compressed, with what the crawler knew of them: the address, the content type and the time
of capture. The SHA-256 is of the raw bytes, so that the same capture imported twice is
recognised and kept once.
"""

import zlib

from django.db import models
from django.urls import reverse


class Capture(models.Model):
    class Format(models.TextChoices):
        HTML = "html", "Saved HTML page"
        WARC = "warc", "WARC record"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="captures"
    )
    target_uri = models.CharField(
        "target URI",
        max_length=2000,
        blank=True,
        help_text="The address the page was captured from (empty for a page saved without one).",
    )
    captured_at = models.DateTimeField(
        "captured at",
        help_text="When the page was captured: the WARC record's date, else the file's.",
    )
    content_type = models.CharField("content type", max_length=200)
    capture_format = models.CharField("format", max_length=10, choices=Format.choices)
    source_file = models.CharField("source file", max_length=255, blank=True)
    record_offset = models.BigIntegerField(
        "record offset",
        null=True,
        blank=True,
        help_text="Where the record starts in its WARC file (in the compressed file for .warc.gz).",
    )
    sha256 = models.CharField("SHA-256", max_length=64, help_text="Digest of the raw bytes.")
    size = models.PositiveBigIntegerField(help_text="Size of the raw bytes.")
    # zlib-compressed: HTML compresses to a fifth or less, and a row is read only on replay.
    # Null for a capture whose provenance came back from a WXR export without its bytes
    # (export_articles without --captures-dir): what was captured, where and when is known,
    # the page itself is not.
    compressed = models.BinaryField(editable=False, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-captured_at", "-id"]
        get_latest_by = "captured_at"
        verbose_name = "capture"
        verbose_name_plural = "captures"
        constraints = [
            # The same bytes imported again are recognised, not stored twice.
            models.UniqueConstraint(fields=["article", "sha256"], name="capture_unique_bytes"),
        ]
        indexes = [
            models.Index(fields=["article", "-captured_at"], name="capture_article_time_idx"),
        ]

    def __str__(self):
        return f"{self.target_uri or self.source_file} ({self.captured_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("captures:original", kwargs={"pk": self.pk})

    @property
    def raw(self):
        """The captured bytes, or None when this archive does not hold them."""
        if self.compressed is None:
            return None
        return zlib.decompress(bytes(self.compressed))

    @staticmethod
    def compress(raw):
        return zlib.compress(raw, 6)
