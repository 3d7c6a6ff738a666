from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
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

    def get_urls(self):
        reference = self.admin_site.admin_view(self.reference_view)
        return [
            path("<int:pk>/reference/", reference, name="images_image_reference"),
            *super().get_urls(),
        ]

    def reference_view(self, request, pk):
        """What the article editor inserts for a picture picked from the library: a
        reference (data-image) with a rendition to show while editing and in feeds. The
        alt text stays empty in the body: pages take the library's current one."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        image = get_object_or_404(Image, pk=pk)
        rendition = image.renditions.closest(800)
        return JsonResponse({"image": image.pk, "src": rendition.url, "alt": ""})

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("uploaded_by")
            .annotate(usage_count=Count("lead_articles"))
        )

    def get_deleted_objects(self, objs, request):
        """An image an article body shows is protected like a lead image (which the
        database protects): the delete page names the article and refuses."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        Article = self.model.lead_articles.rel.related_model  # noqa: N806
        for obj in objs:
            in_text = Article.objects.filter(body__contains=f'data-image="{obj.pk}"')
            for article in in_text.only("pk", "title"):
                protected.append(
                    format_html(
                        'Article: <a href="{}">{}</a> (shows it in its text)',
                        reverse("admin:articles_article_change", args=[article.pk]),
                        article.title,
                    )
                )
        return deleted, counts, perms_needed, protected

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
        Article = self.model.lead_articles.rel.related_model  # noqa: N806 (no import cycle)
        # Bodies name a library picture as <img ... data-image="42"> (nh3 writes the
        # attribute exactly so); this page alone looks, the list counts lead images only.
        in_text = f'data-image="{obj.pk}"'
        articles = (
            Article.objects.filter(Q(lead_image=obj) | Q(body__contains=in_text))
            .only("pk", "title", "lead_image", "body")
            .order_by("-published_at")
        )
        if not articles:
            return "No article uses this image."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[article.pk]),
                        article.title,
                        " and ".join(
                            use
                            for use, found in [
                                ("lead image", article.lead_image_id == obj.pk),
                                ("in the text", in_text in article.body),
                            ]
                            if found
                        ),
                    )
                    for article in articles
                ),
            ),
        )
