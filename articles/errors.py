"""Error responses that must work when nothing else does, the database included."""

import logging
import sys
from functools import lru_cache

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger("articles.errors")

# A refused or dropped connection, a cancelled slow statement (PostgreSQL's
# statement_timeout), a locked SQLite file: the database cannot answer now but may soon.
# Integrity or programming errors are bugs and stay 500s.
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


@lru_cache(maxsize=1)
def _unavailable_page():
    # No request, so no context processor and no session: nothing here touches the database.
    return loader.render_to_string("503.html", {"site_name": settings.SITE_NAME})


def database_unavailable():
    """A static 503 that tells clients (and crawlers) when to come back."""
    response = HttpResponse(_unavailable_page(), status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: a database outage outside a view still gets the 503, not a 500."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_UNAVAILABLE_ERRORS):
        return database_unavailable()
    return defaults.server_error(request)
