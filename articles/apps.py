from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Archive"

    def ready(self):
        from .groups import ensure_editors_group_after_migrate

        # After auth has created this app's permissions (auth's handler is connected first).
        post_migrate.connect(ensure_editors_group_after_migrate, sender=self)
