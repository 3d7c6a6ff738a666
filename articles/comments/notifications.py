"""Emails about comments: to staff when one is held, to a commenter when someone replies.

They are rendered here, with the request's absolute links, and handed to the outbox, which
sends them in the background once the write commits: a mail server that is down never
turns a post or an approval into an error, and the email goes out, once, when it is back.

No reader input goes into a header: subjects are built from the article's title (staff
text, with line breaks removed anyway) and recipients are addresses that passed Django's
email validator, which refuses line breaks.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

import pagecache
from outbox.mail import send_later

from ..models import Comment
from .threads import comment_url, unsubscribe_url

_UNSUBSCRIBE_SALT = "articles.comments.unsubscribe"


def one_line(text, limit=120):
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def valid_address(address):
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def moderator_addresses():
    """MANAGERS if set, otherwise every active staff user who may change comments."""
    if settings.MANAGERS:
        addresses = [address for _name, address in settings.MANAGERS]
    else:
        may_moderate = Q(is_superuser=True) | Q(
            user_permissions__codename="change_comment",
            user_permissions__content_type__app_label="articles",
        )
        may_moderate |= Q(
            groups__permissions__codename="change_comment",
            groups__permissions__content_type__app_label="articles",
        )
        addresses = (
            get_user_model()
            .objects.filter(may_moderate, is_active=True, is_staff=True)
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
    return sorted({address for address in addresses if valid_address(address)})


def notify_moderators(request, comment):
    """Tell staff a comment waits for them, with a link to it in the admin."""
    recipients = moderator_addresses()
    if not recipients:
        return False
    admin_path = reverse("admin:articles_comment_change", args=[comment.pk])
    body = render_to_string(
        "includes/comment_email_moderation.txt",
        {
            "comment": comment,
            "article": comment.article,
            "admin_url": request.build_absolute_uri(admin_path),
            "queue_url": request.build_absolute_uri(
                reverse("admin:articles_comment_changelist") + "?status__exact=pending"
            ),
        },
    )
    subject = (
        f"{settings.EMAIL_SUBJECT_PREFIX}Please moderate: "
        f"\N{LEFT DOUBLE QUOTATION MARK}{one_line(comment.article.title)}"
        f"\N{RIGHT DOUBLE QUOTATION MARK}"
    )
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return send_later(f"comment-moderation:{comment.pk}", message)


def unsubscribe_token(comment):
    return signing.dumps(comment.pk, salt=_UNSUBSCRIBE_SALT)


def comment_for_unsubscribe_token(token):
    """The comment whose author asked to stop, or None for a tampered token."""
    try:
        pk = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Comment.objects.select_related("article").filter(pk=pk).first()


def send_reply_notifications(request, replies):
    """Email each parent author who asked for it about each newly approved reply, once."""
    queued = 0
    for reply in replies:
        parent = reply.parent
        if (
            parent is None
            or not parent.notify_replies
            or reply.status != Comment.Status.APPROVED
            or parent.author_email.lower() == reply.author_email.lower()
            or not valid_address(parent.author_email)
        ):
            continue
        unsubscribe = request.build_absolute_uri(unsubscribe_url(unsubscribe_token(parent)))
        body = render_to_string(
            "includes/comment_email_reply.txt",
            {
                "reply": reply,
                "parent": parent,
                "article": reply.article,
                "reply_url": request.build_absolute_uri(comment_url(reply, reply.article)),
                "unsubscribe_url": unsubscribe,
            },
        )
        subject = (
            f"{settings.EMAIL_SUBJECT_PREFIX}New reply to your comment on "
            f"\N{LEFT DOUBLE QUOTATION MARK}{one_line(reply.article.title)}"
            f"\N{RIGHT DOUBLE QUOTATION MARK}"
        )
        message = EmailMessage(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [parent.author_email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        # The claim and the stored email commit together, so approving twice or in two
        # places stores (and sends) one email, and a failure stores neither.
        with transaction.atomic():
            # A note for the moderators, shown on no public page.
            with pagecache.writes(Comment, keys=()):
                claimed = Comment.objects.filter(
                    pk=reply.pk, reply_notified=False, status=Comment.Status.APPROVED
                ).update(reply_notified=True)
            if claimed:
                queued += send_later(f"comment-reply:{reply.pk}", message)
    return queued


def notify_replies_for(request, queryset):
    """After an approval in bulk: the replies among these comments that may need an email."""
    replies = (
        queryset.filter(
            status=Comment.Status.APPROVED,
            reply_notified=False,
            parent__notify_replies=True,
        )
        .select_related("article", "parent")
        .order_by("pk")
    )
    return send_reply_notifications(request, replies)
