"""The reader comment model: what the "Leave a Reply" form and imports store."""

import hashlib

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def by_email(self, email):
        """Comments by one address, whatever its case (uses the functional index)."""
        return self.alias(email_lower=Lower("author_email")).filter(email_lower=email.lower())


def comment_content_hash(email, body):
    """What makes two comments duplicates: one author (by email) saying the same thing."""
    key = f"{(email or '').strip().lower()}\x00{(body or '').strip()}"
    return hashlib.sha256(key.encode()).hexdigest()


# WordPress's column limits, so nothing imported from WordPress is cut short. They are also
# check constraints: SQLite ignores a column's declared length. The form and the importers
# use these names; the form's fields take them from the model fields.
COMMENT_NAME_MAX = 245
COMMENT_EMAIL_MAX = 100
COMMENT_URL_MAX = 200
COMMENT_BODY_MAX = 65525


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text="The comment this one replies to.",
    )
    author_name = models.CharField("name", max_length=COMMENT_NAME_MAX)
    author_email = models.EmailField("email", max_length=COMMENT_EMAIL_MAX)
    author_url = models.URLField(
        "website",
        max_length=COMMENT_URL_MAX,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    body = models.TextField("comment", max_length=COMMENT_BODY_MAX)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    notify_replies = models.BooleanField(
        "notify of replies",
        default=False,
        help_text="The commenter asked to be emailed when a reply to this comment is approved.",
    )
    reply_notified = models.BooleanField(
        default=False,
        editable=False,
        help_text="The parent's author has been emailed about this reply.",
    )
    # Set on insert; the unique constraint below is what stops two identical posts sent at
    # the same instant, which a check before the insert cannot. NULL (not "") for rows
    # written without save(), such as bulk imports, so they never collide with each other.
    content_hash = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        get_latest_by = "created_at"
        verbose_name = "comment"
        verbose_name_plural = "comments"
        indexes = [
            # The article page: approved comments of one article, oldest first.
            models.Index(
                fields=["article", "status", "created_at"], name="comment_article_status_idx"
            ),
            # The moderation queue: comments by status, newest first.
            models.Index(fields=["status", "-created_at"], name="comment_status_created_idx"),
            # "Has this address an approved comment already?" on every post.
            models.Index(Lower("author_email"), "status", name="comment_email_status_idx"),
            # The IP anonymiser: old comments that still hold an address.
            models.Index(
                fields=["created_at"],
                condition=Q(ip_address__isnull=False),
                name="comment_with_ip_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "spam", "trash"]),
                name="comment_status_valid",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("author_name"), COMMENT_NAME_MAX),
                name="comment_author_name_length",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("author_email"), COMMENT_EMAIL_MAX),
                name="comment_author_email_length",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("author_url"), COMMENT_URL_MAX),
                name="comment_author_url_length",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), COMMENT_BODY_MAX),
                name="comment_body_length",
            ),
            models.UniqueConstraint(
                fields=["article", "content_hash"],
                condition=Q(content_hash__isnull=False),
                name="comment_unique_content",
                violation_error_message=(
                    "Duplicate comment detected; it looks as though you've already said that!"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.article}"

    def save(self, *args, **kwargs):
        # Only on insert: erasing an author's details later must not make two old comments
        # collide.
        if self._state.adding and self.content_hash is None:
            self.content_hash = comment_content_hash(self.author_email, self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """A permalink that redirects to the right page of the article's comments."""
        return reverse("articles:comment-permalink", kwargs={"pk": self.pk})

    @property
    def excerpt(self):
        return Truncator(self.body).chars(80)

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED
