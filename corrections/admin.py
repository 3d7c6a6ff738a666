from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from articles.inlines import OptionalInlineFormSet
from articles.revisions import keep_baseline, keep_revision

from .changes import is_material
from .forms import CorrectionForm
from .models import Correction


class CorrectionInline(admin.StackedInline):
    """Dated notes under the article: corrections, updates and clarifications."""

    formset = OptionalInlineFormSet
    form = CorrectionForm

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
    form = CorrectionForm
    list_display = ["article", "kind", "date"]
    list_filter = ["kind", "date"]
    search_fields = ["text", "article__title"]
    date_hierarchy = "date"
    list_select_related = ["article"]
    autocomplete_fields = ["article"]

    # A note is part of its article's revisions, wherever it is written: each change here
    # keeps a revision of the article (and of the article it left, if it was moved).

    def _keep(self, request, article, verb, note):
        when = date_format(timezone.localtime(note.date), "DATETIME_FORMAT")
        comment = f"{verb} the {note.get_kind_display().lower()} of {when}."
        keep_revision(article, user=request.user, comment=comment)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            moved_from = form.initial.get("article") if change else None
            for article_id in {obj.article_id, moved_from} - {None}:
                keep_baseline(article_id)
            super().save_model(request, obj, form, change)
            self._keep(request, obj.article, "Changed" if change else "Added", obj)
            if moved_from and moved_from != obj.article_id:
                old = type(obj.article).objects.get(pk=moved_from)
                self._keep(request, old, "Moved away", obj)

    def delete_model(self, request, obj):
        with transaction.atomic():
            keep_baseline(obj.article_id)
            article = obj.article
            super().delete_model(request, obj)
            self._keep(request, article, "Deleted", obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            notes = list(queryset.select_related("article"))
            for note in notes:
                keep_baseline(note.article_id)
            super().delete_queryset(request, queryset)
            for note in notes:
                self._keep(request, note.article, "Deleted", note)
