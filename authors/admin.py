from django.contrib import admin
from django.db import models
from django.db.models import Count

from articles.inlines import OptionalInlineFormSet

from .models import Author, Byline


class BylineInline(admin.StackedInline):
    """The article's authors, in order: on the article's change form."""

    formset = OptionalInlineFormSet

    model = Byline
    extra = 1
    # A plain select with its own label: the admin's search-as-you-type widget (select2)
    # gives screen readers no name for the field.
    fields = ["author", "position"]
    verbose_name = "author"
    verbose_name_plural = "authors"


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    # Stated here: a query grouped for the article counts drops the model's own ordering.
    ordering = ["name", "id"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("bylines"))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total
