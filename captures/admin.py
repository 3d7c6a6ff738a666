from django.contrib import admin
from django.utils.html import format_html

from .models import Capture


@admin.register(Capture)
class CaptureAdmin(admin.ModelAdmin):
    """Read-only: a capture is evidence of what was imported, not something to edit."""

    list_display = ["article", "target_uri", "captured_at", "capture_format", "size", "original"]
    list_filter = ["capture_format", "captured_at"]
    search_fields = ["target_uri", "article__title", "sha256"]
    date_hierarchy = "captured_at"
    list_select_related = ["article"]
    fields = [
        "article",
        "target_uri",
        "captured_at",
        "content_type",
        "capture_format",
        "source_file",
        "record_offset",
        "sha256",
        "size",
        "created_at",
        "original",
    ]
    readonly_fields = fields

    @admin.display(description="original")
    def original(self, capture):
        if capture.compressed is None:
            return "not kept (imported from an export without it)"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">view original capture</a>',
            capture.get_absolute_url(),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
