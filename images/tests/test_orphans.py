"""A replaced or deleted image's files leave storage after commit, never while a page
shows them; remove_orphaned_media finds the rest (listing by default, removing on request)."""

import datetime
import io

import time_machine
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.tests.factories import make_article
from images.models import Image

from .factories import make_image, picture_bytes


def stored(image):
    """The names of an image's original and renditions."""
    return [image.file.name, *(rendition.name for rendition in image.renditions.all())]


def existing(names):
    return [name for name in names if default_storage.exists(name)]


def remove_orphans(*args):
    out = io.StringIO()
    call_command("remove_orphaned_media", *args, stdout=out)
    return out.getvalue()


class ReplacedAndDeletedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.editor)
        self.image = make_image(picture_bytes(900, 600), alt_text="Oil prices")
        self.old_files = stored(self.image)
        self.assertEqual(existing(self.old_files), self.old_files)

    def replace_in_admin(self):
        return self.client.post(
            reverse("admin:images_image_change", args=[self.image.pk]),
            {
                "alt_text": "Oil prices, corrected",
                "file": SimpleUploadedFile("new.png", picture_bytes(700, 500, format="PNG")),
            },
        )

    def test_replacing_the_file_removes_the_old_files_after_commit(self):
        """Not before the commit (the edit could still roll back), and all of them after."""
        with self.captureOnCommitCallbacks() as callbacks:
            response = self.replace_in_admin()
            self.assertEqual(response.status_code, 302)
        self.assertEqual(existing(self.old_files), self.old_files, "kept until the commit")
        for callback in callbacks:
            callback()
        self.assertEqual(existing(self.old_files), [])
        new_files = stored(Image.objects.get(pk=self.image.pk))
        self.assertEqual(existing(new_files), new_files)

    def test_an_edit_that_rolls_back_removes_nothing(self):
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    self.image.file.save("other.jpg", ContentFile(picture_bytes()), save=False)
                    self.image.sha256 = "f" * 64
                    self.image.save()
                    raise RuntimeError("the edit fails")
            except RuntimeError:
                pass
        self.assertEqual(callbacks, [])
        self.assertEqual(existing(self.old_files), self.old_files)

    def test_deleting_the_image_removes_its_files_after_commit(self):
        url = reverse("admin:images_image_delete", args=[self.image.pk])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(existing(self.old_files), [])

    def test_a_rendition_an_article_body_shows_is_kept(self):
        """A body keeps the rendition address it was saved with (feeds use it): that file
        stays while the body names it; the others and the original go."""
        shown = self.image.renditions.closest(800)
        make_article(
            body=f'<img src="{shown.url}" alt="" data-image="{self.image.pk}">\n\nOil slid.'
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.replace_in_admin()
        self.assertEqual(existing(self.old_files), [shown.name])
        # Once no body names it, the command finds it.
        from articles.models import Article

        Article.objects.update(body="Oil slid.")
        with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
            output = remove_orphans("--delete")
        self.assertIn(f"removed {shown.name}", output)
        self.assertEqual(existing(self.old_files), [])


class RemoveOrphanedMediaTests(TestCase):
    def setUp(self):
        self.image = make_image(picture_bytes(900, 600), alt_text="Oil prices")
        self.kept = stored(self.image)
        # What an aborted upload leaves: an original and a rendition of no image.
        stray = "9" * 64
        self.orphans = [
            default_storage.save(f"originals/99/{stray}.jpg", ContentFile(b"x")),
            default_storage.save(f"renditions/99/{stray}/400w-abcd1234.webp", ContentFile(b"x")),
            # A rendition of a live image under an older processing version.
            default_storage.save(
                f"renditions/{self.image.sha256[:2]}/{self.image.sha256}/400w-0ld00000.webp",
                ContentFile(b"x"),
            ),
        ]

    def test_lists_by_default_and_removes_nothing(self):
        with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
            output = remove_orphans()
        for name in self.orphans:
            self.assertIn(f"would remove {name}", output)
        self.assertIn("3 orphaned", output)
        self.assertIn("run again with --delete", output)
        self.assertEqual(existing(self.orphans), self.orphans)

    def test_delete_removes_the_orphans_only(self):
        with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
            output = remove_orphans("--delete")
        self.assertIn("3 orphaned (removed)", output)
        self.assertEqual(existing(self.orphans), [])
        self.assertEqual(existing(self.kept), self.kept)

    def test_files_younger_than_the_minimum_age_are_left(self):
        """An upload writes its file before its image is committed: too new to judge."""
        output = remove_orphans("--delete")
        self.assertIn("0 orphaned", output)
        self.assertIn("3 too recent to judge", output)
        self.assertEqual(existing(self.orphans), self.orphans)

    def test_bad_minimum_age_is_refused_clearly(self):
        from django.core.management import CommandError

        with self.assertRaisesMessage(CommandError, "--min-age is a number of hours"):
            remove_orphans("--min-age", "-3")
