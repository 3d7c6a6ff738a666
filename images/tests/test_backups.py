"""Backing up and restoring the library's files."""

import io
import shutil
import tarfile

from django.core.files.storage import default_storage
from django.test import TestCase

from articles.tests.importing import run_command, temporary_folder

from .factories import make_image, picture_bytes


class MediaBackupTests(TestCase):
    def setUp(self):
        self.folder = temporary_folder(self)
        self.images = [make_image(picture_bytes(900, 500)), make_image(picture_bytes(300, 200))]

    def test_backup_then_restore_after_loss(self):
        """With every file lost, a restore brings back the originals and their renditions."""
        output = f"{self.folder}/site.media.tar"
        result = run_command("backup_media", "--output", output)
        self.assertIn("2 original images written", result.stdout)
        with tarfile.open(output) as archive:
            self.assertEqual(
                sorted(archive.getnames()), sorted(image.file.name for image in self.images)
            )
            # Originals only: renditions are made again.
            self.assertFalse(any("renditions" in name for name in archive.getnames()))

        from django.conf import settings

        shutil.rmtree(settings.MEDIA_ROOT)
        result = run_command("restore_media", output)
        self.assertFalse(result.failed, result.output)
        self.assertIn("2 original images restored; renditions checked for 2 images", result.stdout)
        for image in self.images:
            with default_storage.open(image.file.name, "rb") as restored:
                self.assertEqual(len(restored.read()), image.file_size)
            for rendition in image.renditions.all():
                self.assertTrue(default_storage.exists(rendition.name), rendition.name)

    def test_restore_refuses_paths_outside_originals(self):
        """An archive with a path climbing out of the media folder is refused whole."""
        crafted = f"{self.folder}/crafted.tar"
        with tarfile.open(crafted, "w") as archive:
            for name in ["originals/ab/fine.jpg", "../../etc/cron.d/evil"]:
                info = tarfile.TarInfo(name)
                info.size = 4
                archive.addfile(info, io.BytesIO(b"data"))
        result = run_command("restore_media", crafted)
        self.assertTrue(result.failed)
        self.assertIn("is not an original image's path; nothing was restored", str(result.error))
        self.assertFalse(default_storage.exists("originals/ab/fine.jpg"))

    def test_not_a_backup(self):
        bogus = f"{self.folder}/bogus.tar"
        with open(bogus, "wb") as handle:
            handle.write(b"not a tar file at all" * 50)
        result = run_command("restore_media", bogus)
        self.assertTrue(result.failed)
        self.assertIn("is not a media backup", str(result.error))

    def test_make_renditions_remakes_missing_ones(self):
        """A lost rendition is made again, though imagekit's cache still lists it."""
        image = self.images[0]
        rendition = image.renditions.webp[0]
        default_storage.delete(rendition.name)
        result = run_command("make_renditions")
        self.assertIn("Renditions checked for 2 images", result.stdout)
        self.assertTrue(default_storage.exists(rendition.name))
