from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class FiguresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "figures"
    verbose_name = "Key figures"

    def ready(self):
        import pagecache

        # What this app stores is shown on public pages: the page cache watches its tables.
        pagecache.watch(self.label)
        from articles.groups import ensure_editors_group_after_migrate
        from articles.models import Article
        from articles.signals import articles_imported

        from . import extracting

        # Figures are read from the text whenever an article is saved or imported.
        post_save.connect(extracting.article_saved, sender=Article, dispatch_uid="figures.extract")
        articles_imported.connect(extracting.articles_imported, dispatch_uid="figures.extract")
        # The Editors group gains this app's permissions once they exist.
        post_migrate.connect(ensure_editors_group_after_migrate, sender=self)
