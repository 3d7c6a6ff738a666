"""Purging changed keys at every front cache, in the background, retried until it works.

``keys_changed`` (after the commit that changed them) enqueues one ``purge`` task. The
worker sends ``PURGE /`` with the keys in an ``xkey-purge`` header to each cache in
``FRONT_CACHE_URLS``; a cache that does not answer, or refuses, gets a new task of its own
after the next delay of ``FRONT_CACHE_RETRY_DELAYS``. A late purge only costs a miss, so
nothing needs to be held back or done in order.
"""

import datetime
import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Varnish's default limit for one request header is 8 KB: many keys go in several purges.
MAX_HEADER_BYTES = 4000


class PurgeFailed(Exception):
    """A front cache did not take the purge (shown on the task's result in the admin)."""


def _batches(keys):
    batch, size = [], 0
    for key in sorted(keys):
        if batch and size + len(key) + 1 > MAX_HEADER_BYTES:
            yield batch
            batch, size = [], 0
        batch.append(key)
        size += len(key) + 1
    if batch:
        yield batch


def send_purge(url, keys):
    """Purge ``keys`` at the front cache at ``url``; returns how many objects it dropped
    (as Varnish reports it), or raises OSError, http.client.HTTPException or PurgeFailed."""
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    purged = 0
    for batch in _batches(keys):
        connection = connection_class(
            parts.hostname, parts.port, timeout=settings.FRONT_CACHE_PURGE_TIMEOUT
        )
        try:
            connection.request("PURGE", parts.path or "/", headers={"xkey-purge": " ".join(batch)})
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise PurgeFailed(f"{url} answered {response.status} {response.reason}")
        purged += int(response.getheader("X-Purged", "0") or 0)
    return purged


def retry_delay(attempt):
    """Seconds before try ``attempt + 1`` after ``attempt`` failed; None: give up."""
    delays = settings.FRONT_CACHE_RETRY_DELAYS
    return delays[attempt - 1] if attempt <= len(delays) else None


@task()
def purge(keys, urls=None, attempt=1):
    """Purge ``keys`` at ``urls`` (every configured front cache by default)."""
    urls = settings.FRONT_CACHE_URLS if urls is None else urls
    failed, errors, purged = [], [], 0
    for url in urls:
        try:
            purged += send_purge(url, keys)
        except (OSError, http.client.HTTPException, PurgeFailed) as error:
            failed.append(url)
            errors.append(f"{url}: {type(error).__name__}: {error}")
    if not failed:
        return f"purged {len(keys)} key(s) at {len(urls)} cache(s): {purged} object(s)"
    delay = retry_delay(attempt)
    if delay is None:
        logger.error("Gave up purging %s after %d attempts: %s", keys, attempt, errors)
    else:
        run_after = timezone.now() + datetime.timedelta(seconds=delay)
        purge.using(run_after=run_after).enqueue(list(keys), failed, attempt + 1)
    # Raised so the task's result shows the failure to staff; the next try is a new task.
    raise PurgeFailed("; ".join(errors))


def keys_changed(sender, keys, **kwargs):
    """keys_changed receiver: purge the keys once the transaction commits (it has, by the
    page cache's contract; on_commit also covers a signal sent inside another one)."""
    if not settings.FRONT_CACHE_URLS or not keys:
        return
    keys = sorted(keys)
    transaction.on_commit(lambda: _enqueue(keys))


def _enqueue(keys):
    try:
        purge.enqueue(keys)
    except DatabaseError:
        # The write that changed the keys is committed and must stand. This happens while
        # `migrate` runs, before the task table exists; the pages then age out at s-maxage.
        logger.exception("Could not enqueue the purge of %s", keys)
