from django.apps import AppConfig


class FrontCacheConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "frontcache"
    verbose_name = "Front cache"

    def ready(self):
        from . import esi, pagesource, purge

        # After every app has registered its placeholders (this app comes last in
        # INSTALLED_APPS): each can become an ESI fragment.
        esi.wrap_placeholders()
        pagesource.keys_changed.connect(purge.keys_changed, dispatch_uid="frontcache.purge")
