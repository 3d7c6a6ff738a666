import hashlib
import secrets

from django.db import models
from django.utils import timezone


class ApiKeyQuerySet(models.QuerySet):
    def for_secret(self, secret):
        """The active key whose secret this is (only a hash of each secret is stored)."""
        return self.filter(active=True, hashed=ApiKey.hash(secret)).first()


class ApiKey(models.Model):
    """A client's key: anonymous reading has a low rate limit, a key a higher one."""

    name = models.CharField(
        max_length=100, help_text="Who uses this key, for the staff's own notes."
    )
    prefix = models.CharField(
        max_length=8, editable=False, help_text="The first characters of the key, to recognise it."
    )
    hashed = models.CharField(max_length=64, unique=True, editable=False)
    rate = models.CharField(
        max_length=20,
        default="600/minute",
        help_text="Requests allowed, as number/second, minute, hour or day.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "API key"
        verbose_name_plural = "API keys"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(secret):
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def issue(cls, name, **fields):
        """A new key and its secret, which is shown once and never stored."""
        secret = secrets.token_urlsafe(32)
        key = cls.objects.create(name=name, prefix=secret[:8], hashed=cls.hash(secret), **fields)
        return key, secret
