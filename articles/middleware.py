"""Request-level guards: refuse unreadable input early, degrade gracefully without a database."""

import logging
import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

from .errors import DATABASE_UNAVAILABLE_ERRORS, database_unavailable

logger = logging.getLogger("articles.errors")


class BadInput(SuspiciousOperation):
    """A NUL byte or invalid UTF-8 in the request. Django answers 400 (handler400)."""


# Django has already decoded the path, re-percent-encoding bytes that were not UTF-8 (and
# our URLs never contain a literal "%"), so a percent-encoded non-ASCII byte marks them.
_UNDECODABLE_IN_PATH = re.compile(r"%[89a-fA-F][0-9a-fA-F]")


def _raw_bytes(value):
    # WSGI hands over bytes decoded as ISO-8859-1 (PEP 3333); ASGI servers give text.
    try:
        return value.encode("iso-8859-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")


def _readable(raw):
    """Raw bytes that decode as UTF-8 and carry no NUL."""
    if b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _readable_form(raw):
    """A URL-encoded query or body whose decoded names and values are all readable."""
    return _readable(unquote_to_bytes(raw.replace(b"+", b" ")))


def _readable_search_query(raw):
    """The search page's query string: readable, except that `q` may hold NUL characters.

    Words pasted into the search box can carry a NUL from wherever they came; the search
    reads it as a space (articles.search.parse_query) and never stores it, so the reader
    gets results rather than an error page.
    """
    for pair in raw.split(b"&"):
        name, _, value = pair.partition(b"=")
        decoded = unquote_to_bytes(value.replace(b"+", b" "))
        if unquote_to_bytes(name.replace(b"+", b" ")) == b"q":
            decoded = decoded.replace(b"\x00", b" ")
        if not (_readable_form(name) and _readable(decoded)):
            return False
    return True


class RejectBadInputMiddleware:
    """Answer 400 to NUL characters or invalid UTF-8 in the path, query, cookies or form data.

    PostgreSQL refuses NUL in text (the driver raises, which would be a 500), and Django
    quietly replaces undecodable bytes; neither belongs in the archive, so such requests
    never reach a view or the ORM.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.check(request)
        return self.get_response(request)

    def check(self, request):
        path = request.path_info
        if "\x00" in path or _UNDECODABLE_IN_PATH.search(path):
            raise BadInput("Undecodable or NUL characters in the URL path.")
        query = _raw_bytes(request.META.get("QUERY_STRING", ""))
        readable = _readable_search_query if path == reverse("articles:search") else _readable_form
        if not readable(query):
            raise BadInput("Undecodable or NUL characters in the query string.")
        if any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items()):
            raise BadInput("NUL characters in a cookie.")
        if request.method != "POST":
            return
        if request.content_type == "application/x-www-form-urlencoded":
            # Reading the body enforces DATA_UPLOAD_MAX_MEMORY_SIZE (a 400 when over it).
            if not _readable_form(request.body):
                raise BadInput("Undecodable or NUL characters in the form data.")
        elif request.content_type == "multipart/form-data":
            # The multipart parser has already replaced undecodable bytes with U+FFFD, so
            # that character stands for invalid UTF-8 here. (Browsers send our forms
            # URL-encoded; multipart comes from the admin's uploads and from robots.)
            for name, values in request.POST.lists():
                for text in [name, *values]:
                    if "\x00" in text or "\ufffd" in text:
                        raise BadInput("Undecodable or NUL characters in the form data.")
            for _name, uploads in request.FILES.lists():
                if any("\x00" in (upload.name or "") for upload in uploads):
                    raise BadInput("NUL characters in an uploaded file's name.")


class DatabaseUnavailableMiddleware:
    """Turn a database outage in a view into the static 503 (errors.database_unavailable).

    Django reconnects at the start of each request (CONN_HEALTH_CHECKS), so the site comes
    back by itself as soon as the database does.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            logger.error("Database unavailable, answering 503 for %s: %s", request.path, exception)
            return database_unavailable(request)
        return None


class PermissionsPolicyMiddleware:
    """Tell browsers this site never uses the camera, microphone, location and the like,
    so nothing injected or embedded can ask for them (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response
