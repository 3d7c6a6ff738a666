"""Posting a comment, a comment's permalink, and unsubscribing from reply emails."""

import ipaddress

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..clientip import client_ip
from ..models import Article, Comment
from ..views import ArticleDetailView
from . import cookies, notifications, spam
from .forms import CommentForm
from .moderation import moderation_status
from .threads import comment_url, comments_open

DUPLICATE_MESSAGE = "Duplicate comment detected; it looks as though you've already said that!"
FLOOD_MESSAGE = (
    "You are posting comments too quickly. Please wait a few seconds, then send your "
    "comment again: it is still in the form below."
)


def _ip_or_none(value):
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


class CommentCreateView(ArticleDetailView):
    """Receives the "Leave a Reply" form.

    Success redirects to the new comment (POST/redirect/GET). Anything else brings the
    article page back with the reader's text kept in the form and a clear message.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = article = self.get_object()
        if not comments_open(article):
            raise PermissionDenied("Comments are closed on this article.")
        form = CommentForm(request.POST, article=article)
        if not form.is_valid():
            return self.form_again(form, status=400 if form.refused else 200)

        comment = form.save(commit=False)
        comment.article = article
        comment.parent = form.parent_comment
        comment.ip_address = _ip_or_none(client_ip(request))
        comment.user_agent = request.META.get("HTTP_USER_AGENT", "").replace("\x00", "")[:255]

        if spam.is_duplicate(article, comment.author_email, comment.body):
            return self.form_again(form, status=409, error=DUPLICATE_MESSAGE)
        if not spam.flood_allows(comment.ip_address, comment.author_email):
            response = self.form_again(form, status=429, error=FLOOD_MESSAGE)
            response["Retry-After"] = str(settings.COMMENTS_FLOOD_SECONDS)
            return response

        comment.status = moderation_status(comment)
        try:
            with transaction.atomic():
                comment.save()
        except IntegrityError:
            # Two identical posts at the same instant: the unique constraint let one in.
            if spam.is_duplicate(article, comment.author_email, comment.body):
                return self.form_again(form, status=409, error=DUPLICATE_MESSAGE)
            raise
        return self.posted(form, comment)

    def form_again(self, form, status, error=None):
        if error:
            form.add_error(None, error)
        form.fresh_token()
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def posted(self, form, comment):
        request, article = self.request, comment.article
        if comment.status == Comment.Status.APPROVED:
            target = comment_url(comment, article)
            messages.success(request, "Thank you: your comment is published.")
            if comment.parent_id:
                notifications.send_reply_notifications(request, [comment])
        elif comment.status == Comment.Status.PENDING:
            target = comment_url(comment, article)
            messages.success(request, "Thank you. Your comment is awaiting moderation.")
            notifications.notify_moderators(request, comment)
        else:
            # Spam is kept for the moderators; the sender is told no more than anyone.
            target = article.get_absolute_url() + "#comments"
            messages.success(request, "Thank you. Your comment is awaiting moderation.")
        response = redirect(target)
        if comment.status == Comment.Status.PENDING:
            cookies.add_own_pending(request, response, comment)
        if form.cleaned_data.get("save_author"):
            cookies.remember_author(response, comment)
        elif cookies.AUTHOR_COOKIE in request.COOKIES:
            cookies.forget_author(response)
        return response


def comment_permalink(request, pk):
    """Redirects to the page of the article's comments that shows this comment."""
    comment = get_object_or_404(
        Comment.objects.select_related("article").filter(article__in=Article.objects.published()),
        pk=pk,
    )
    visible = (
        comment.status == Comment.Status.APPROVED
        or (comment.status == Comment.Status.PENDING and pk in cookies.own_pending_ids(request))
        or request.user.is_staff
    )
    if not visible:
        raise Http404("No such comment.")
    return redirect(comment_url(comment, comment.article))


@csrf_exempt  # The signed token is the proof; mail clients' one-click POST has no cookie.
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """One click turns off reply emails for every comment by the token's address."""
    comment = notifications.comment_for_unsubscribe_token(token)
    if comment is None:
        return render(request, "articles/comment_unsubscribe.html", {"invalid": True}, status=400)
    if request.method != "HEAD":
        Comment.objects.by_email(comment.author_email).update(notify_replies=False)
    article = comment.article if comment.article.is_public else None
    return render(request, "articles/comment_unsubscribe.html", {"article": article})
