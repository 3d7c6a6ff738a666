from django.apps import AppConfig
from django.db.models.signals import post_save


class CopiesConfig(AppConfig):
    """Syndicated and duplicate copies: the same wire story archived from several sites.

    It follows articles through a signal and a template tag; the articles app knows
    nothing of it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "copies"
    verbose_name = "Syndicated copies"

    def ready(self):
        import pagecache

        # What this app stores is shown on public pages: the page cache watches its tables.
        pagecache.watch(self.label)
        from articles.models import Article
        from articles.signals import articles_imported

        from . import detection

        post_save.connect(
            detection.article_saved, sender=Article, dispatch_uid="copies.article_saved"
        )
        articles_imported.connect(detection.articles_imported, dispatch_uid="copies.imported")
