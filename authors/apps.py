from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "authors"
    verbose_name = "Authors"

    def ready(self):
        import pagecache

        # What this app stores is shown on public pages: the page cache watches its tables.
        pagecache.watch(self.label)
