from django.contrib import admin, messages
from django.db import models
from django.db.models import Count

from .models import Article, Comment


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "status", "tag_list", "comment_count"]
    list_filter = ["status", "published_at", "tags"]
    search_fields = ["title", "standfirst", "body", "byline", "source_name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    actions = ["publish", "unpublish"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body", "tags"]}),
        ("Publication", {"fields": ["status", "published_at", "byline", "allow_comments"]}),
        ("Source", {"fields": ["source_name", "source_url"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        # One annotated query and one prefetch for the whole change list, not one per row.
        return (
            super()
            .get_queryset(request)
            .annotate(comment_total=Count("comments"))
            .prefetch_related("tags")
        )

    @admin.display(description="tags")
    def tag_list(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))

    @admin.display(description="comments", ordering="comment_total")
    def comment_count(self, obj):
        return obj.comment_total

    @admin.action(description="Publish selected articles")
    def publish(self, request, queryset):
        count = queryset.update(status=Article.Status.PUBLISHED)
        self.message_user(request, f"{count} article(s) published.", messages.SUCCESS)

    @admin.action(description="Return selected articles to draft")
    def unpublish(self, request, queryset):
        count = queryset.update(status=Article.Status.DRAFT)
        self.message_user(request, f"{count} article(s) returned to draft.", messages.SUCCESS)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["comment_excerpt", "author_name", "article", "status", "created_at"]
    list_filter = ["status", ("article", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["author_name", "author_email", "body"]
    list_select_related = ["article"]
    date_hierarchy = "created_at"
    raw_id_fields = ["article", "parent"]
    readonly_fields = ["ip_address", "user_agent"]
    actions = ["approve", "mark_spam", "move_to_trash"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["article", "parent", "status", "body"]}),
        ("Author", {"fields": ["author_name", "author_email", "author_url"]}),
        ("Staff only", {"fields": ["created_at", "ip_address", "user_agent"]}),
    ]

    @admin.display(description="comment")
    def comment_excerpt(self, obj):
        return obj.excerpt

    def _set_status(self, request, queryset, status, verb):
        count = queryset.update(status=status)
        self.message_user(request, f"{count} comment(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Approve selected comments")
    def approve(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.APPROVED, "approved")

    @admin.action(description="Mark selected comments as spam")
    def mark_spam(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.SPAM, "marked as spam")

    @admin.action(description="Move selected comments to trash")
    def move_to_trash(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.TRASH, "moved to trash")
