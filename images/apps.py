from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ImagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "images"
    verbose_name = "image library"

    def ready(self):
        import pagecache

        from . import cleanup
        from .models import Image

        # A replaced file's or a deleted image's files are removed after commit.
        post_save.connect(cleanup.image_saved, sender=Image, dispatch_uid="images.saved")
        post_delete.connect(cleanup.image_deleted, sender=Image, dispatch_uid="images.deleted")
        # What this app stores is shown on public pages: the page cache watches its tables.
        pagecache.watch(self.label)
