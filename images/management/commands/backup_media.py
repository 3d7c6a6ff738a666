from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from images.backups import backup_media


class Command(BaseCommand):
    help = "Back up the image library's original files (from any storage) to a tar file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="File to write (default: backups/newsarchive-<UTC time>.media.tar)."
        )

    def handle(self, *args, output=None, **options):
        if not output:
            output = f"backups/newsarchive-{timezone.now():%Y%m%d-%H%M%S}.media.tar"
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        count = backup_media(output)
        self.stdout.write(self.style.SUCCESS(f"{count} original images written to {output}"))
