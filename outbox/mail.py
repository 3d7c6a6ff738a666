"""The one public call: ``send_later(key, message)``."""

from django.db import IntegrityError, transaction

from .models import OutgoingEmail
from .tasks import deliver


def send_later(key, message):
    """Store an EmailMessage under ``key`` and have the worker send it after commit.

    Returns False when an email with this key already exists: whatever called twice (an
    approval repeated in two tabs, say), the email is stored, and so sent, once.
    """
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                key=key,
                subject=message.subject,
                body=message.body,
                from_email=message.from_email,
                to=list(message.to),
                headers=dict(message.extra_headers),
            )
    except IntegrityError:
        return False
    # After commit: a worker must never look for a row that a rollback took away.
    transaction.on_commit(lambda: deliver.enqueue(email.pk))
    return True


def forget_recipients(addresses):
    """Delete every stored email to any of these addresses (a person's data being erased):
    those waiting are not sent; those sent keep no copy of what they said."""
    wanted = {address.lower() for address in addresses if address}
    if not wanted:
        return 0
    candidates = OutgoingEmail.objects.none()
    for address in wanted:
        candidates |= OutgoingEmail.objects.filter(to__icontains=address)
    pks = [
        email.pk
        for email in candidates.only("pk", "to")
        if wanted & {recipient.lower() for recipient in email.to}
    ]
    return OutgoingEmail.objects.filter(pk__in=pks).delete()[0]
