from django.core.management.base import BaseCommand

from images.models import Image


class Command(BaseCommand):
    help = (
        "Make any missing renditions (after a restore, or when the processing in "
        "images/renditions.py changed and gave renditions new names)."
    )

    def handle(self, *args, **options):
        count = 0
        for image in Image.objects.order_by("pk").iterator(chunk_size=200):
            image.renditions.generate()
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Renditions checked for {count} images."))
