"""Object storage: the library on a real S3-compatible server (moto's, started by the test on
127.0.0.1), through django-storages, exactly as production would use one."""

import datetime
import io
import json
import re
import socket
import urllib.error
import urllib.request
from unittest import SkipTest

import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from articles.tests.factories import make_article
from images.models import Image

from .factories import make_image, picture_bytes

try:
    import boto3
    from moto.server import ThreadedMotoServer
except ImportError:  # pragma: no cover - CI installs them (requirements-dev.txt)
    ThreadedMotoServer = None

BUCKET = "newsarchive-media"
PUBLIC_RENDITIONS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/renditions/*",
        }
    ],
}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class S3StorageTests(TestCase):
    @classmethod
    def setUpClass(cls):
        if ThreadedMotoServer is None:
            raise SkipTest("moto[s3] and flask are needed (pip install -r requirements-dev.txt)")
        port = free_port()
        cls.server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        cls.server.start()
        cls.endpoint = f"http://127.0.0.1:{port}"
        options = {
            "bucket_name": BUCKET,
            "endpoint_url": cls.endpoint,
            "region_name": "us-east-1",
            "access_key": "test-only",
            "secret_key": "test-only",
            "querystring_auth": False,
            "file_overwrite": False,
        }
        client = cls.s3_client()
        client.create_bucket(Bucket=BUCKET)
        # As docs/images.md advises: anyone may read renditions; originals stay private.
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_RENDITIONS))
        cls.storage_settings = override_settings(
            STORAGES={
                "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        )
        cls.storage_settings.enable()
        try:
            super().setUpClass()
        except Exception:
            cls.storage_settings.disable()
            cls.server.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.storage_settings.disable()
        cls.server.stop()

    @classmethod
    def s3_client(cls):
        return boto3.client(
            "s3",
            endpoint_url=cls.endpoint,
            region_name="us-east-1",
            aws_access_key_id="test-only",
            aws_secret_access_key="test-only",
        )

    def keys(self):
        listing = self.s3_client().list_objects_v2(Bucket=BUCKET)
        return [item["Key"] for item in listing.get("Contents", [])]

    def test_upload_in_admin_stores_original_and_renditions_in_bucket(self):
        """An admin upload puts the original and every rendition in the bucket, and the
        article page points at the renditions there."""
        editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
        self.client.force_login(editor)
        data = picture_bytes(1000, 600, gps=True)
        response = self.client.post(
            reverse("admin:images_image_add"),
            {
                "alt_text": "A trading floor",
                "file": SimpleUploadedFile("floor.jpg", data, content_type="image/jpeg"),
            },
        )
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        keys = self.keys()
        self.assertIn(image.file.name, keys)
        renditions = image.renditions.all()
        self.assertEqual(len(renditions), 6)  # 400, 800, 1000 in WebP and JPEG
        for rendition in renditions:
            self.assertIn(rendition.name, keys)

        article = make_article(lead_image=image)
        page = self.client.get(article.get_absolute_url()).content.decode()
        urls = re.findall(rf"{re.escape(self.endpoint)}/{BUCKET}/renditions/[^\s\"]+", page)
        self.assertEqual(
            set(urls), {rendition.url for rendition in renditions}, "every rendition, on S3"
        )
        # The bucket serves them: a real WebP, without the camera's metadata.
        with urllib.request.urlopen(image.renditions.webp[0].url, timeout=10) as fetched:  # noqa: S310
            picture = PILImage.open(io.BytesIO(fetched.read()))
        self.assertEqual((picture.format, picture.width), ("WEBP", 400))
        self.assertEqual(dict(picture.getexif()), {})
        # The original, with its GPS position, is not readable by the public.
        with self.assertRaises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(image.file.url, timeout=10)  # noqa: S310
        self.assertEqual(refused.exception.code, 403)

    def test_replaced_file_leaves_no_orphan_in_the_bucket(self):
        """Replacing an image's file in the admin removes the old original and renditions
        from the bucket after commit; remove_orphaned_media finds what an aborted upload
        left there, and removes it with --delete."""
        editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
        self.client.force_login(editor)
        image = make_image(picture_bytes(900, 600), alt_text="Oil prices")
        old = [image.file.name, *(r.name for r in image.renditions.all())]
        self.assertTrue(set(old) <= set(self.keys()))
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("admin:images_image_change", args=[image.pk]),
                {
                    "alt_text": "Oil prices",
                    "file": SimpleUploadedFile("new.jpg", picture_bytes(700, 500)),
                },
            )
        self.assertEqual(response.status_code, 302)
        keys = set(self.keys())
        self.assertEqual(keys & set(old), set())
        image = Image.objects.get(pk=image.pk)
        self.assertTrue({image.file.name, *(r.name for r in image.renditions.all())} <= keys)

        stray = f"originals/99/{'9' * 64}.jpg"
        self.s3_client().put_object(Bucket=BUCKET, Key=stray, Body=b"x")
        with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
            out = io.StringIO()
            call_command("remove_orphaned_media", stdout=out)
            self.assertIn(f"would remove {stray}", out.getvalue())
            self.assertIn(stray, self.keys())
            call_command("remove_orphaned_media", "--delete", stdout=io.StringIO())
        self.assertNotIn(stray, self.keys())
        self.assertIn(image.file.name, self.keys())
