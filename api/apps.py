from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only JSON API (/api/v1/) over what the public pages show, and its keys."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "API"

    def ready(self):
        # Registers the key header's description with drf-spectacular.
        from . import schema  # noqa: F401
