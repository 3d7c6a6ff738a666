from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .forms import ImageForm
from .models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["thumbnail", "__str__", "alt_text", "size", "format", "usage", "uploaded_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["format", "decorative", "uploaded_at"]
    search_fields = ["title", "alt_text", "caption", "credit", "original_name", "=sha256"]
    date_hierarchy = "uploaded_at"
    list_per_page = 50
    readonly_fields = [
        "preview",
        "size",
        "format",
        "file_size",
        "sha256",
        "original_name",
        "uploaded_at",
        "uploaded_by",
        "used_by",
    ]
    fieldsets = [
        (None, {"fields": ["file", "preview", "title", "alt_text", "decorative"]}),
        ("Shown with the picture", {"fields": ["caption", "credit", "source_url"]}),
        (
            "The file",
            {
                "fields": [
                    "size",
                    "format",
                    "file_size",
                    "sha256",
                    "original_name",
                    "uploaded_at",
                    "uploaded_by",
                    "used_by",
                ]
            },
        ),
    ]

    class Media:
        css = {"all": ["images/admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("uploaded_by")
            .annotate(usage_count=Count("lead_articles"))
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="")
    def thumbnail(self, obj):
        rendition = obj.renditions.closest(400, "WEBP")
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="" class="image-thumbnail">',
            rendition.url,
            rendition.width,
            rendition.height,
        )

    @admin.display(description="preview")
    def preview(self, obj):
        if not obj.pk:
            return "—"
        rendition = obj.renditions.closest(800, "WEBP")
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" class="image-preview">',
            rendition.url,
            rendition.width,
            rendition.height,
            obj.alt,
        )

    @admin.display(description="size (pixels)")
    def size(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "—"

    @admin.display(description="used by", ordering="usage_count")
    def usage(self, obj):
        return obj.usage_count

    @admin.display(description="used by")
    def used_by(self, obj):
        if not obj.pk:
            return "—"
        articles = obj.lead_articles.order_by("-published_at")
        if not articles:
            return "No article uses this image."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> (lead image)</li>',
                (
                    (reverse("admin:articles_article_change", args=[article.pk]), article.title)
                    for article in articles
                ),
            ),
        )
