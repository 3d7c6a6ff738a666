from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class CompaniesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "companies"
    verbose_name = "Companies"

    def ready(self):
        import pagecache

        # What this app stores is shown on public pages: the page cache watches its tables.
        pagecache.watch(self.label)
        from articles.groups import ensure_editors_group_after_migrate
        from articles.models import Article
        from articles.signals import articles_imported

        from . import suggestions
        from .models import Company

        # Mentions are suggested when an article is saved or imported; the archive itself
        # knows nothing of companies.
        post_save.connect(
            suggestions.article_saved, sender=Article, dispatch_uid="companies.suggest"
        )
        articles_imported.connect(suggestions.articles_imported, dispatch_uid="companies.suggest")
        post_delete.connect(
            suggestions.forget_matcher, sender=Company, dispatch_uid="companies.forget"
        )
        # The Editors group gains this app's permissions once they exist.
        post_migrate.connect(ensure_editors_group_after_migrate, sender=self)
