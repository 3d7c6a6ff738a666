"""The commenter's cookies: signed, so app servers keep no state and a page cache can
recognise readers whose pages are their own (every cookie name starts with "comment_")."""

from django.conf import settings
from django.core import signing

AUTHOR_COOKIE = "comment_author"
PENDING_COOKIE = "comment_pending"
AUTHOR_MAX_AGE = 365 * 24 * 60 * 60
PENDING_MAX_AGE = 30 * 24 * 60 * 60
# Enough for anyone's comments awaiting moderation, small enough for a cookie.
PENDING_KEEP = 20


def _read(request, name, max_age):
    value = request.COOKIES.get(name)
    if not value:
        return None
    try:
        return signing.loads(value, salt=f"articles.comments.{name}", max_age=max_age)
    except signing.BadSignature:
        return None


def _sign(name, value):
    return signing.dumps(value, salt=f"articles.comments.{name}", compress=True)


def pending_cookie_value(ids):
    """The signed value of the cookie that lists a reader's own pending comments."""
    return _sign(PENDING_COOKIE, list(ids))


def _write(response, name, value, max_age):
    response.set_cookie(
        name,
        _sign(name, value),
        max_age=max_age,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def saved_author(request):
    """Name, email and website the reader asked us to remember, or {}."""
    data = _read(request, AUTHOR_COOKIE, AUTHOR_MAX_AGE)
    if not isinstance(data, dict):
        return {}
    return {
        key: data[key]
        for key in ("author_name", "author_email", "author_url")
        if isinstance(data.get(key), str)
    }


def remember_author(response, comment):
    _write(
        response,
        AUTHOR_COOKIE,
        {
            "author_name": comment.author_name,
            "author_email": comment.author_email,
            "author_url": comment.author_url,
        },
        AUTHOR_MAX_AGE,
    )


def forget_author(response):
    response.delete_cookie(AUTHOR_COOKIE, samesite="Lax")


def own_pending_ids(request):
    data = _read(request, PENDING_COOKIE, PENDING_MAX_AGE)
    if not isinstance(data, list):
        return []
    return [pk for pk in data if isinstance(pk, int)][-PENDING_KEEP:]


def add_own_pending(request, response, comment):
    ids = [pk for pk in own_pending_ids(request) if pk != comment.pk] + [comment.pk]
    _write(response, PENDING_COOKIE, ids[-PENDING_KEEP:], PENDING_MAX_AGE)
