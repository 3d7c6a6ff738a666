"""Abuse defence without a third-party service: a signed form token, a honeypot field,
flood control in the shared cache and duplicate detection."""

import hashlib
import logging
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.html import format_html

import pagecache
from pagecache.csrf import get_token

from ..models import Comment, comment_content_hash

logger = logging.getLogger(__name__)

_FORM_SALT = "articles.comments.form-timestamp"


def form_token(article, issued=None):
    """A signed note of which article's form this is and when it was served.

    In a page rendered for the shared page cache it is a placeholder, filled in with a
    fresh token for each reader the page is served to.
    """
    if issued is None:
        deferred = pagecache.placeholder_if_caching("formtoken", article.pk)
        if deferred:
            return deferred
    return form_token_for_article(article.pk, issued)


def reader_fields(request, article_id):
    """The form's per-reader hidden fields as HTML: the CSRF token and a fresh form token.

    A page rendered for the shared page cache holds one placeholder for both, in place of
    the two elements (see comments.context), so that a front cache can fetch them as one
    Edge Side Include: ESI replaces elements, never a value inside an attribute.
    """
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="token" value="{}" id="id_token">',
        get_token(request),
        form_token_for_article(int(article_id)),
    )


def form_token_for_article(article_id, issued=None):
    issued = time.time() if issued is None else issued
    return signing.dumps({"a": article_id, "t": int(issued)}, salt=_FORM_SALT)


def form_token_is_valid(token, article):
    """True for a token served for this article between the minimum and maximum age.

    Bots post at once or replay old forms; people take a few seconds and rarely hours.
    """
    try:
        data = signing.loads(token or "", salt=_FORM_SALT, max_age=settings.COMMENTS_FORM_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return False
    if not isinstance(data, dict) or data.get("a") != article.pk:
        return False
    issued = data.get("t")
    if not isinstance(issued, int):
        return False
    age = time.time() - issued
    return settings.COMMENTS_MIN_SUBMIT_SECONDS <= age <= settings.COMMENTS_FORM_MAX_AGE


def _key(kind, value):
    digest = hashlib.sha256(str(value).strip().lower().encode()).hexdigest()[:32]
    return f"comments:flood:{kind}:{digest}"


def flood_allows(ip_address, email):
    """Claim the posting slot for this address and this email, or return False.

    cache.add() is atomic on every backend, so two processes sharing a cache cannot both
    claim the same slot. Both slots are claimed, so neither a new address nor a new email
    gets round the limit.
    """
    seconds = settings.COMMENTS_FLOOD_SECONDS
    if seconds <= 0:
        return True
    keys = [_key("email", email)]
    if ip_address:
        keys.append(_key("ip", ip_address))
    try:
        claimed = [cache.add(key, 1, timeout=seconds) for key in keys]
    except pagecache.CACHE_ERRORS:
        # The shared cache is down. Failing open keeps the reader's comment (it still goes
        # through duplicate detection and moderation in the database); failing closed
        # would turn every comment into an error page until the cache is back.
        logger.exception("Flood control unavailable: the cache does not answer")
        return True
    return all(claimed)


def is_duplicate(article, email, body):
    """The same text from the same author on the same article, whatever its status."""
    return Comment.objects.filter(
        article=article, content_hash=comment_content_hash(email, body)
    ).exists()
