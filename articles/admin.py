from django.contrib import admin, messages
from django.db import models
from django.db.models import Count

from .comments.admin import CommentAdmin
from .models import Article

__all__ = ["ArticleAdmin", "CommentAdmin"]


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
        (
            "Source",
            {
                "fields": [
                    "source_name",
                    "source_url",
                    "source_format",
                    "source_file",
                    "imported_at",
                    "source_sha256",
                ],
                "classes": ["collapse"],
            },
        ),
    ]
    readonly_fields = ["source_format", "source_file", "imported_at", "source_sha256"]

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
