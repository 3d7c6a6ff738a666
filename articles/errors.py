"""Error responses that must work when nothing else does, the database included."""

import logging
import sys
from functools import lru_cache

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

from .models import COMMENT_BODY_MAX

logger = logging.getLogger("articles.errors")

# A refused or dropped connection, a cancelled slow statement (PostgreSQL's
# statement_timeout), a locked SQLite file: the database cannot answer now but may soon.
# Integrity or programming errors are bugs and stay 500s.
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


@lru_cache(maxsize=1)
def _unavailable_page():
    # No request, so no context processor and no session: nothing here touches the database.
    return loader.render_to_string("503.html", {"site_name": settings.SITE_NAME})


def _unsent_comment(request):
    """The text of a comment whose POST met the outage, to give back to its writer."""
    if request is None or request.method != "POST":
        return ""
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name != "articles:comment-create":
        return ""
    try:
        return request.POST.get("body", "")[:COMMENT_BODY_MAX]
    except Exception:
        # A body the parser refuses (too large, malformed) has nothing to give back.
        return ""


def database_unavailable(request=None):
    """A static 503 that tells clients (and crawlers) when to come back.

    A comment posted during the outage is shown back to its writer (escaped, as everything
    the template prints), so nothing they typed is lost.
    """
    unsent = _unsent_comment(request)
    if unsent:
        page = loader.render_to_string(
            "503.html", {"site_name": settings.SITE_NAME, "unsent_comment": unsent}
        )
    else:
        page = _unavailable_page()
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: a database outage outside a view still gets the 503, not a 500."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_UNAVAILABLE_ERRORS):
        return database_unavailable(request)
    return defaults.server_error(request)
