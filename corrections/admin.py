from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.inlines import OptionalInlineFormSet

from .changes import is_material
from .models import Correction


class CorrectionInline(admin.StackedInline):
    """Dated notes under the article: corrections, updates and clarifications."""

    formset = OptionalInlineFormSet

    model = Correction
    extra = 0
    fields = ["date", "kind", "text"]


class CorrectionsAdminMixin:
    """Article admin: the notes inline, and a warning when a material change has none."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change or "body" not in form.changed_data:
            return
        published_at = form.initial.get("published_at")
        was_public = (
            form.initial.get("status") == "published"
            and published_at is not None
            and published_at <= timezone.now()
        )
        new_note = any(formset.new_objects for formset in formsets if formset.model is Correction)
        if (
            was_public
            and not new_note
            and is_material(form.initial.get("body"), form.instance.body)
        ):
            self.message_user(
                request,
                format_html(
                    "The body of this published article changed materially, and no correction "
                    'or update says so. Readers are owed a note: <a href="{}">add one</a> '
                    "under “Corrections and updates”.",
                    reverse("admin:articles_article_change", args=[form.instance.pk])
                    + "#corrections-group",
                ),
                messages.WARNING,
            )


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "date"]
    list_filter = ["kind", "date"]
    search_fields = ["text", "article__title"]
    date_hierarchy = "date"
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
