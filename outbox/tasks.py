"""Delivery as a background task: claim, send, then mark sent; or schedule the next try.

Exactly once rests on the claim. A worker first moves the email to "sending" for a lease
(``OUTBOX_LEASE_SECONDS``); a second task for the same email finds it claimed or sent and
does nothing. A worker killed mid-send leaves the claim to expire, and ``recover()`` (run by
every worker now and then) enqueues the email again.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# An email whose task went missing (enqueued after a commit that the process did not live
# past) is found again once it is this late.
RECOVERY_GRACE = datetime.timedelta(seconds=60)


def retry_delay(attempts):
    """Seconds before the next attempt after ``attempts`` failed ones; None: give up."""
    delays = settings.OUTBOX_RETRY_DELAYS
    return delays[attempts - 1] if attempts <= len(delays) else None


def _claim(pk):
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    # Waiting and due (a task that runs early, such as a duplicate, leaves the backoff
    # alone), or held by a worker whose lease ran out.
    claimable = Q(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=OutgoingEmail.Status.SENDING, claimed_until__lt=now
    )
    claimed = OutgoingEmail.objects.filter(claimable, pk=pk).update(
        status=OutgoingEmail.Status.SENDING,
        claimed_until=now + lease,
        attempts=F("attempts") + 1,
    )
    return OutgoingEmail.objects.get(pk=pk) if claimed else None


def _failed(email, error):
    delay = retry_delay(email.attempts)
    if delay is None:
        status, next_attempt = OutgoingEmail.Status.FAILED, email.next_attempt_at
    else:
        status = OutgoingEmail.Status.PENDING
        next_attempt = timezone.now() + datetime.timedelta(seconds=delay)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=status,
        claimed_until=None,
        next_attempt_at=next_attempt,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    if delay is None:
        logger.error("Gave up on email %s after %d attempts: %s", email.pk, email.attempts, error)
    else:
        # The state above is committed already (the worker runs in autocommit).
        deliver.using(run_after=next_attempt).enqueue(email.pk)


@task()
def deliver(pk):
    """Send one stored email, unless it is sent already or another worker holds it."""
    email = _claim(pk)
    if email is None:
        return "already sent or being sent"
    try:
        email.message(connection=get_connection(fail_silently=False)).send()
    except Exception as error:
        _failed(email, error)
        # Raised again so the task's own result shows the failure (and its traceback) to
        # staff; the next attempt is a new task.
        raise
    OutgoingEmail.objects.filter(pk=pk).update(
        status=OutgoingEmail.Status.SENT,
        sent_at=timezone.now(),
        claimed_until=None,
        last_error="",
    )
    return "sent"


class WorkerLost(Exception):
    """What a task whose worker stopped mid-run shows in the admin."""


def recover():
    """Enqueue again every email whose worker died or whose task went missing."""
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    # The task rows of dead workers would say "running" for ever: say what happened.
    for result in DBTaskResult.objects.running().filter(
        task_path=deliver.module_path, started_at__lt=now - lease
    ):
        result.set_failed(WorkerLost("The worker stopped before this task finished."))
    lost = OutgoingEmail.objects.filter(
        Q(status=OutgoingEmail.Status.SENDING, claimed_until__lt=now)
        | Q(status=OutgoingEmail.Status.PENDING, next_attempt_at__lt=now - RECOVERY_GRACE)
    ).values_list("pk", flat=True)
    pks = list(lost)
    for pk in pks:
        deliver.enqueue(pk)
    if pks:
        logger.warning("Enqueued %d email(s) again whose delivery was lost", len(pks))
    return len(pks)
