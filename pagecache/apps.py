from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import statements

        # Every database connection reports the statements it runs (statements.py).
        connection_created.connect(statements.watch_connection, dispatch_uid="pagecache")
