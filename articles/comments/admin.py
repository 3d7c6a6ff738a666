"""The moderation queue: filters, search, bulk actions, staff replies, personal data."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models, transaction
from django.db.models.functions import Lower
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

import pagecache
from outbox.mail import forget_recipients

from ..models import Comment
from . import notifications

ANONYMOUS_NAME = "Anonymous"


def comments_by_authors_of(queryset):
    """Every comment by the authors (by email, whatever its case) of these comments."""
    emails = {email.lower() for email in queryset.values_list("author_email", flat=True) if email}
    return Comment.objects.alias(email_lower=Lower("author_email")).filter(email_lower__in=emails)


def erase_authors(comments):
    """Keep these comments' text, drop everything that identifies their authors, and the
    emails stored for them (sent or waiting)."""
    forget_recipients(set(comments.values_list("author_email", flat=True)))
    return comments.update(
        author_name=ANONYMOUS_NAME,
        author_email="",
        author_url="",
        ip_address=None,
        user_agent="",
        notify_replies=False,
    )


@transaction.atomic
def delete_keeping_replies(comments):
    """Delete these comments; other people's replies to them move up to the comment above.
    The emails stored for their authors go too."""
    forget_recipients(set(comments.values_list("author_email", flat=True)))
    pks = list(comments.values_list("pk", flat=True))
    for pk in pks:
        # Re-read each time: an earlier iteration may have moved this comment up.
        above = Comment.objects.filter(pk=pk).values_list("parent_id", flat=True).first()
        Comment.objects.filter(parent_id=pk).exclude(pk__in=pks).update(parent_id=above)
    Comment.objects.filter(pk__in=pks).delete()
    return len(pks)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    # Name and address share a column, and long values wrap (css/admin-comments.css): the
    # list fits a 1280 px screen beside the admin's menu and filters.
    list_display = [
        "comment_excerpt",
        "author",
        "article",
        "status",
        "created_at",
        "reply_link",
    ]
    list_filter = ["status", ("article", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["author_name", "author_email", "body"]
    list_select_related = ["article"]
    ordering = ["-created_at", "-id"]
    date_hierarchy = "created_at"
    raw_id_fields = ["article", "parent"]
    readonly_fields = ["ip_address", "user_agent"]
    actions = [
        "approve",
        "unapprove",
        "mark_spam",
        "move_to_trash",
        "erase_personal_data",
        "delete_authors_comments",
    ]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["article", "parent", "status", "body"]}),
        ("Author", {"fields": ["author_name", "author_email", "author_url", "notify_replies"]}),
        ("Staff only", {"fields": ["created_at", "ip_address", "user_agent"]}),
    ]

    class Media:
        css = {"all": ["css/admin-comments.css"]}

    @admin.display(description="comment")
    def comment_excerpt(self, obj):
        return obj.excerpt

    @admin.display(description="author", ordering="author_name")
    def author(self, obj):
        return format_html(
            '{}<br><span class="comment-author-email">{}</span>', obj.author_name, obj.author_email
        )

    @admin.display(description="reply")
    def reply_link(self, obj):
        url = reverse("admin:articles_comment_add") + f"?parent={obj.pk}"
        return format_html('<a href="{}">Reply</a>', url)

    def get_changeform_initial_data(self, request):
        """A staff reply: the parent's article, the staff member as author, approved."""
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("status", Comment.Status.APPROVED)
        user = request.user
        initial.setdefault("author_name", user.get_full_name() or user.get_username())
        initial.setdefault("author_email", user.email)
        parent = Comment.objects.filter(pk=initial.get("parent") or None).first()
        if parent is not None:
            initial["article"] = parent.article_id
        return initial

    def save_model(self, request, obj, form, change):
        if obj.parent_id and not change:
            obj.article_id = obj.parent.article_id
            if obj.status == Comment.Status.APPROVED and not obj.parent.is_approved:
                # Replying to a held comment approves it, as WordPress's "Approve and Reply".
                Comment.objects.filter(pk=obj.parent_id).update(status=Comment.Status.APPROVED)
        super().save_model(request, obj, form, change)
        if obj.status == Comment.Status.APPROVED:
            notifications.notify_replies_for(request, Comment.objects.filter(pk=obj.pk))

    def _set_status(self, request, queryset, status, verb):
        # The pages that change: those of the articles with a comment that becomes or stops
        # being public (approving a held comment, or taking back an approved one).
        public = queryset
        if status != Comment.Status.APPROVED:
            public = queryset.filter(status=Comment.Status.APPROVED)
        changed = {f"article:{pk}" for pk in public.values_list("article_id", flat=True)}
        with pagecache.writes(Comment, keys=changed | {"comments:list"} if changed else ()):
            count = queryset.update(status=status)
        self.message_user(request, f"{count} comment(s) {verb}.", messages.SUCCESS)
        return count

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        self._set_status(request, queryset, Comment.Status.APPROVED, "approved")
        notifications.notify_replies_for(request, Comment.objects.filter(pk__in=pks))

    @admin.action(description="Unapprove selected comments", permissions=["change"])
    def unapprove(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.PENDING, "returned to pending")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.SPAM, "marked as spam")

    @admin.action(description="Move selected comments to trash", permissions=["change"])
    def move_to_trash(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.TRASH, "moved to trash")

    def _personal_data_action(self, request, queryset, action, title, explanation, apply):
        """Both personal-data actions reach every comment by an address: ask first, then
        run apply() on those comments and report the message it returns."""
        affected = comments_by_authors_of(queryset)
        if request.POST.get("post") == "yes":
            self.message_user(request, apply(affected), messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "explanation": explanation,
            "opts": self.model._meta,
            "queryset": queryset,
            "emails": sorted({e.lower() for e in affected.values_list("author_email", flat=True)}),
            "affected_count": affected.count(),
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/articles/comment/personal_data_confirmation.html", context
        )

    @admin.action(
        description="Erase the personal details of these comments' authors (keep the text)",
        permissions=["change"],
    )
    def erase_personal_data(self, request, queryset):
        return self._personal_data_action(
            request,
            queryset,
            "erase_personal_data",
            "Erase personal details",
            "Every comment by these addresses keeps its text but loses its author's name "
            f"(shown as “{ANONYMOUS_NAME}”), email, website, IP address and browser, and "
            "stops sending reply emails. This cannot be undone.",
            lambda comments: f"Personal details erased from {erase_authors(comments)} comment(s).",
        )

    @admin.action(
        description="Delete every comment by these comments' authors", permissions=["delete"]
    )
    def delete_authors_comments(self, request, queryset):
        return self._personal_data_action(
            request,
            queryset,
            "delete_authors_comments",
            "Delete every comment by these authors",
            "Every comment by these addresses is deleted. Other readers' replies to them "
            "stay, moved up to the comment above. This cannot be undone.",
            lambda comments: f"{delete_keeping_replies(comments)} comment(s) deleted.",
        )
