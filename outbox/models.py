from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db import models
from django.utils import timezone


class OutgoingEmail(models.Model):
    """One email to send, from the moment the write that caused it commits until it is sent."""

    class Status(models.TextChoices):
        PENDING = "pending", "waiting to be sent"
        SENDING = "sending", "being sent"
        SENT = "sent", "sent"
        FAILED = "failed", "gave up"

    key = models.CharField(
        max_length=200,
        unique=True,
        help_text="What this email is about. One key is only ever stored, and sent, once.",
    )
    subject = models.CharField(max_length=998)
    body = models.TextField()
    from_email = models.CharField("from", max_length=254)
    to = models.JSONField("to", default=list)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(
        default=timezone.now, help_text="When the next attempt is due, while it waits."
    )
    # A worker that claims the email owns it until then; past it, the claim counts as lost
    # (the worker died) and another worker may send the email.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        verbose_name = "outgoing email"
        verbose_name_plural = "outgoing emails"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sending", "sent", "failed"]),
                name="outbox_status_known",
            ),
        ]

    def __str__(self):
        return f"{self.subject} \N{RIGHTWARDS ARROW} {', '.join(self.to)}"

    @property
    def message_id(self):
        # The same on every attempt, so a mail system that did get an earlier attempt (the
        # one case the outbox cannot rule out, see docs) can recognise the repeat.
        return f"<outbox.{self.pk}@{DNS_NAME}>"

    def message(self, connection=None):
        headers = self.headers | {"Message-ID": self.message_id}
        return EmailMessage(
            self.subject,
            self.body,
            self.from_email,
            self.to,
            headers=headers,
            connection=connection,
        )
