from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from taggit.models import Tag

from authors.admin import BylineInline
from corrections.admin import CorrectionInline, CorrectionsAdminMixin

from .comments.admin import CommentAdmin
from .deskadmin import DeskAdminMixin
from .models import Article, TagRedirect
from .tagging import merge_tags

__all__ = ["ArticleAdmin", "CommentAdmin", "TagAdmin", "TagRedirectAdmin"]


@admin.register(Article)
class ArticleAdmin(DeskAdminMixin, CorrectionsAdminMixin, admin.ModelAdmin):
    list_display = ["title", "published_at", "status", "tag_list", "comment_count"]
    list_filter = ["status", "source_format", "published_at", "tags"]
    search_fields = ["title", "standfirst", "body", "byline", "source_name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    # Chosen in the image library's own list (a pop-up with thumbnails, search and filters),
    # not from a select of every image; a labelled text input, where the autocomplete
    # widget's combobox has no accessible name (axe, test_e2e_desk.py).
    raw_id_fields = ["lead_image"]
    actions = ["publish", "unpublish"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "standfirst",
                    "lead_image",
                    "body",
                    "length",
                    "tags",
                    "base_version",
                ]
            },
        ),
        ("Publication", {"fields": ["status", "published_at", "allow_comments"]}),
        (
            "Search engines and sharing",
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
        (
            "Source",
            {
                "fields": [
                    "byline",
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
        ("Earlier addresses", {"fields": ["earlier_addresses"], "classes": ["collapse"]}),
    ]
    inlines = [BylineInline, CorrectionInline]
    readonly_fields = [
        "length",
        "byline",
        "source_format",
        "source_file",
        "imported_at",
        "source_sha256",
        "earlier_addresses",
    ]

    class Media:
        # Named after urlify.js, so that the merged list loads it first.
        js = ["admin/js/urlify.js", "js/admin-slugs.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug":
            # Left empty (JavaScript off, say), the slug is made from the title on save, with
            # amounts kept readable (articles.slugs; admin-slugs.js does the same in the form).
            field.required = False
            field.help_text = (
                "The last part of the article's address. Leave empty to make it from the title."
            )
        return field

    def get_queryset(self, request):
        # One annotated query and one prefetch for the whole change list, not one per row.
        return (
            super()
            .get_queryset(request)
            .annotate(comment_total=Count("comments"))
            .prefetch_related("tags")
        )

    @admin.display(description="earlier addresses")
    def earlier_addresses(self, obj):
        """Slugs the article had before: each answers 301 to the current address."""
        slugs = [old.slug for old in obj.old_slugs.all()] if obj.pk else []
        return ", ".join(slugs) or "None: the article has always had this address."

    @admin.display(description="tags")
    def tag_list(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))

    @admin.display(description="comments", ordering="comment_total")
    def comment_count(self, obj):
        return obj.comment_total

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish(self, request, queryset):
        count = self._set_status(request, queryset, Article.Status.PUBLISHED, "Published.")
        self.message_user(request, f"{count} article(s) published.", messages.SUCCESS)

    @admin.action(description="Return selected articles to draft", permissions=["publish"])
    def unpublish(self, request, queryset):
        count = self._set_status(request, queryset, Article.Status.DRAFT, "Returned to draft.")
        self.message_user(request, f"{count} article(s) returned to draft.", messages.SUCCESS)


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_total=Count("articles_taggedarticle_items"))
        )

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    @admin.action(description="Merge selected tags…")
    def merge(self, request, queryset):
        """Asks which tag survives, then moves every article to it; old tag URLs redirect."""
        tags = list(queryset.order_by("-article_total", "name"))
        if len(tags) < 2:
            self.message_user(request, "Select at least two tags to merge.", messages.WARNING)
            return None
        target_id = request.POST.get("target", "")
        target = next((tag for tag in tags if str(tag.pk) == target_id), None)
        if request.POST.get("confirm") and target is not None:
            moved = merge_tags(target, tags)
            self.message_user(
                request,
                f"{len(tags) - 1} tag(s) merged into “{target.name}”; {moved} article(s) "
                "updated. The old tag addresses now redirect.",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/articles/merge_tags.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge tags",
                "opts": self.model._meta,
                "tags": tags,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "missing_target": bool(request.POST.get("confirm")),
            },
        )


@admin.register(TagRedirect)
class TagRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "tag", "created_at"]
    search_fields = ["old_slug", "tag__name"]
    list_select_related = ["tag"]
    autocomplete_fields = ["tag"]
