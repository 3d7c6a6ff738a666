from django.contrib import admin, messages

from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "rate", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "prefix"]
    fields = ["name", "rate", "active", "prefix", "created_at"]
    readonly_fields = ["prefix", "created_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # The secret is shown this once; only its hash is kept.
        key, secret = ApiKey.issue(obj.name, rate=obj.rate, active=obj.active)
        obj.pk, obj.prefix, obj.hashed = key.pk, key.prefix, key.hashed
        self.message_user(
            request,
            f"The key for {obj.name} is {secret} — copy it now: it will not be shown again.",
            messages.WARNING,
        )
