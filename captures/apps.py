from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CapturesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "captures"
    verbose_name = "Web captures"

    def ready(self):
        from articles.groups import ensure_editors_group_after_migrate

        # This app's permissions exist only once its own migrate has run (after the
        # articles app's, which sets the group up first): the Editors group is brought up
        # to date again then, so that it can view captures from the first migrate on.
        post_migrate.connect(
            ensure_editors_group_after_migrate, sender=self, dispatch_uid="captures.editors"
        )
