from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .renditions import RenditionSet


def original_path(image, filename):
    """Originals are stored under their digest, never under the uploader's file name."""
    return f"{settings.IMAGES_ORIGINALS_DIR}/{image.sha256[:2]}/{image.sha256}.{image.extension}"


class Image(models.Model):
    class Format(models.TextChoices):
        JPEG = "JPEG", "JPEG"
        PNG = "PNG", "PNG"
        WEBP = "WEBP", "WebP"
        GIF = "GIF", "GIF"
        AVIF = "AVIF", "AVIF"

    file = models.FileField(
        upload_to=original_path,
        max_length=200,
        help_text="A JPEG, PNG, WebP, GIF or AVIF picture. Pages show resized copies of it.",
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="For finding it in the library; not shown to readers."
    )
    alt_text = models.CharField(
        "alt text",
        max_length=500,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it (unless decorative).",
    )
    decorative = models.BooleanField(
        default=False,
        help_text="Tick only if the picture adds nothing to the text: it then gets empty alt text.",
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(
        max_length=200, blank=True, help_text="Photographer or source, as it should be credited."
    )
    source_url = models.URLField(
        "source URL", max_length=500, blank=True, help_text="Where the picture came from."
    )
    width = models.PositiveIntegerField(editable=False, help_text="In pixels, as displayed.")
    height = models.PositiveIntegerField(editable=False, help_text="In pixels, as displayed.")
    format = models.CharField(max_length=4, choices=Format.choices, editable=False)
    file_size = models.PositiveBigIntegerField("file size", editable=False)
    sha256 = models.CharField(
        "SHA-256",
        max_length=64,
        unique=True,
        editable=False,
        help_text="Digest of the original file: the same file uploaded twice is one image.",
    )
    original_name = models.CharField(
        "original file name", max_length=255, blank=True, editable=False
    )
    uploaded_at = models.DateTimeField("uploaded at", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="uploaded_images",
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        get_latest_by = "uploaded_at"
        verbose_name = "image"
        verbose_name_plural = "images"
        constraints = [
            models.CheckConstraint(
                condition=Q(decorative=True) | ~Q(alt_text=""),
                name="image_alt_text_unless_decorative",
            ),
            models.CheckConstraint(
                condition=Q(format__in=["JPEG", "PNG", "WEBP", "GIF", "AVIF"]),
                name="image_format_valid",
            ),
        ]

    def __str__(self):
        return self.title or self.alt_text or self.original_name or f"Image {self.pk}"

    def save(self, *args, **kwargs):
        # Renditions are made once, here, so that no page request ever has to make one.
        super().save(*args, **kwargs)
        # Widths follow the picture's size: a replaced file may have another.
        self.__dict__.pop("renditions", None)
        self.renditions.generate()

    def get_absolute_url(self):
        return reverse("admin:images_image_change", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remembered so that a save replacing the file can remove the former files
        # (images.cleanup, after commit).
        if "sha256" in instance.__dict__ and "file" in instance.__dict__:
            instance._stored_files = (instance.sha256, str(instance.__dict__["file"] or ""))
        return instance

    @property
    def extension(self):
        return {"JPEG": "jpg"}.get(self.format, self.format.lower())

    @property
    def alt(self):
        return "" if self.decorative else self.alt_text

    @cached_property
    def renditions(self):
        return RenditionSet(self)
