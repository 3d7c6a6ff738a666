"""Hashed static files: far-future immutable caching, served compressed (brotli and gzip)."""

import shutil
import tempfile

from django.core.management import call_command
from django.templatetags.static import static
from django.test import TestCase, override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


class HashedStaticFileTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.static_root = tempfile.mkdtemp()
        cls.addClassCleanup(shutil.rmtree, cls.static_root)
        cls.settings = override_settings(
            STATIC_ROOT=cls.static_root,
            STORAGES=PRODUCTION_STORAGES,
            WHITENOISE_USE_FINDERS=False,
            WHITENOISE_AUTOREFRESH=False,
        )
        cls.settings.enable()
        cls.addClassCleanup(cls.settings.disable)
        call_command("collectstatic", interactive=False, verbosity=0)

    def get(self, url, encoding):
        response = self.client.get(url, headers={"accept-encoding": encoding})
        # Reading the file to the end closes it the way the test client expects (calling
        # close() would send request_finished and close the test's database connection).
        response.body = b"".join(response.streaming_content)
        return response

    def test_hashed_name_is_immutable(self):
        """The stylesheet's hashed URL is cached for years and marked immutable."""
        url = static("css/site.css")
        self.assertRegex(url, r"/static/css/site\.[0-9a-f]{12}\.css$")
        response = self.get(url, "identity")
        self.assertEqual(response.status_code, 200)
        self.assertIn("immutable", response["Cache-Control"])
        self.assertIn("max-age=315360000", response["Cache-Control"])

    def test_brotli_and_gzip(self):
        """Browsers that accept brotli get brotli; gzip otherwise."""
        url = static("css/site.css")
        self.assertEqual(self.get(url, "gzip, deflate, br")["Content-Encoding"], "br")
        self.assertEqual(self.get(url, "gzip, deflate")["Content-Encoding"], "gzip")
        self.assertFalse(self.get(url, "identity").has_header("Content-Encoding"))

    def test_unhashed_name_is_not_immutable(self):
        """The plain name can change content, so it is not cached for years."""
        response = self.get("/static/css/site.css", "identity")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("immutable", response["Cache-Control"])

    def test_pages_link_the_hashed_name(self):
        """Pages point at the hashed, immutable file."""
        response = self.client.get("/")
        self.assertContains(response, static("css/site.css"))
        self.assertRegex(static("css/site.css"), r"\.[0-9a-f]{12}\.css$")
