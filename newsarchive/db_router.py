"""Reads from a replica when there is one; writes, and the reads that follow them, from the primary.

A replica lags behind its primary by a little. A reader who has just posted a comment must
see the result on the page they are redirected to, so once a request writes (or is about to,
being a POST), the rest of that request and that reader's requests for the next
``REPLICA_PIN_SECONDS`` read from the primary; a short-lived cookie carries the pin from one
app server to the next. Everything else reads from the replica.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

PIN_COOKIE = "pin_primary"
REPLICA = "replica"
PRIMARY = "default"
# The task queue and the outbox are claimed with locks and read right after they are
# written, by workers that make no request: always the primary.
PRIMARY_ONLY_APPS = {"django_tasks_database", "outbox"}

_pinned = ContextVar("pinned_to_primary", default=False)


def pin_to_primary():
    _pinned.set(True)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if REPLICA not in settings.DATABASES or _pinned.get():
            return PRIMARY
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        # Inside a transaction on the primary, reads must see that transaction's writes.
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        _pinned.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, **hints):
        # A replica gets its schema by replication; `migrate` runs on the primary only.
        return db == PRIMARY


class PinPrimaryAfterWriteMiddleware:
    """Starts each request unpinned, unless it writes or its reader wrote a moment ago."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if REPLICA not in settings.DATABASES:
            return self.get_response(request)
        token = _pinned.set(request.method not in {"GET", "HEAD", "OPTIONS"})
        if PIN_COOKIE in request.COOKIES:
            _pinned.set(True)
        try:
            response = self.get_response(request)
            if _pinned.get() and request.method not in {"GET", "HEAD", "OPTIONS"}:
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=settings.REPLICA_PIN_SECONDS,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            _pinned.reset(token)
