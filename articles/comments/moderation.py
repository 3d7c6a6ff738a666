"""Which status a new comment gets, following WordPress's rules."""

import re
import unicodedata

from django.conf import settings

from ..models import Comment

# WordPress counts anything that starts a link, with or without a scheme.
_LINK = re.compile(r"(?:https?:)?//|\bwww\.", re.IGNORECASE)


def fold(text):
    """Lower case without accents, so "Viagra", "VIAGRA" and "Viágra" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def link_count(text):
    return len(_LINK.findall(text or ""))


def disallowed_word(comment):
    """The first disallowed word found in any field the reader controls, or None."""
    words = [fold(word) for word in settings.COMMENTS_DISALLOWED_WORDS if word.strip()]
    if not words:
        return None
    fields = [
        comment.author_name,
        comment.author_email,
        comment.author_url,
        comment.body,
        comment.ip_address or "",
        comment.user_agent,
    ]
    haystack = "\n".join(fold(field) for field in fields)
    return next((word for word in words if word in haystack), None)


def moderation_status(comment):
    """Spam if a disallowed word appears; held when asked to, or for links, or for a new
    address; approved at once for an address that already has an approved comment."""
    if disallowed_word(comment):
        return Comment.Status.SPAM
    if settings.COMMENTS_HOLD_ALL:
        return Comment.Status.PENDING
    if link_count(comment.body) >= settings.COMMENTS_MAX_LINKS:
        return Comment.Status.PENDING
    if Comment.objects.approved().by_email(comment.author_email).exists():
        return Comment.Status.APPROVED
    return Comment.Status.PENDING
