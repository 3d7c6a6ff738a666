from django.contrib import admin

from .models import KeyFigure


@admin.register(KeyFigure)
class KeyFigureAdmin(admin.ModelAdmin):
    """Figures are read from the text on save: shown here to check, never edited."""

    list_display = ["text", "kind", "value", "upper", "currency", "qualifier", "article"]
    list_filter = ["kind", "currency", "qualifier"]
    list_select_related = ["article"]
    search_fields = ["text", "sentence", "article__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
