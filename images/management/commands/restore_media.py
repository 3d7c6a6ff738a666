from django.core.management.base import BaseCommand, CommandError

from images.backups import MediaBackupError, restore_media


class Command(BaseCommand):
    help = (
        "Put back the image library's originals from a backup_media file (after "
        "restore_database), and make their renditions again."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The tar file written by backup_media.")

    def handle(self, *args, backup, **options):
        try:
            restored, images = restore_media(backup)
        except MediaBackupError as exc:
            raise CommandError(f"{exc}; nothing was restored.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{restored} original images restored; renditions checked for {images} images."
            )
        )
