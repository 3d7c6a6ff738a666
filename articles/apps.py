from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Archive"

    def ready(self):
        from .groups import ensure_editors_group_after_migrate
        from .pagecache import watch_writes

        # After auth has created this app's permissions (auth's handler is connected first).
        post_migrate.connect(ensure_editors_group_after_migrate, sender=self)
        # Every database connection reports writes to the archive to the page cache.
        connection_created.connect(watch_writes, dispatch_uid="articles.pagecache")
