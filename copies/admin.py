from django.contrib import admin, messages
from django.db.models import Count

from articles.models import Article

from .detection import split
from .models import CopyGroup, Fingerprint


class MemberInline(admin.TabularInline):
    model = Fingerprint
    fields = ["article", "source"]
    readonly_fields = ["article", "source"]
    extra = 0
    can_delete = False
    show_change_link = True

    @admin.display(description="first published by")
    def source(self, fingerprint):
        return fingerprint.article.source_label

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CopyGroup)
class CopyGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "canonical", "size", "created_at"]
    inlines = [MemberInline]
    fields = ["canonical"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(members=Count("fingerprints"))
            .select_related("canonical")
        )

    @admin.display(description="copies", ordering="members")
    def size(self, group):
        return group.members

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "canonical":
            # Only one of the group's own members can be its canonical copy.
            group_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Article.objects.filter(fingerprint__group_id=group_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Fingerprint)
class FingerprintAdmin(admin.ModelAdmin):
    list_display = ["article", "group", "standalone"]
    list_filter = ["standalone"]
    search_fields = ["article__title"]
    fields = ["article", "group", "standalone"]
    readonly_fields = ["article", "group", "standalone"]
    actions = ["split_out"]

    @admin.action(description="Not a copy: take out of its group for good")
    def split_out(self, request, queryset):
        for fingerprint in queryset:
            split(fingerprint)
        self.message_user(
            request, f"{queryset.count()} taken out of their groups.", messages.SUCCESS
        )

    def has_add_permission(self, request):
        return False
