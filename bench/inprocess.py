"""Django set up in the benchmark's own process, with production settings.

For the scripts that time pages through Django's test client (search.py, lists.py): DEBUG
off, the site's middleware, but static file names without running collectstatic first.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(**environ):
    """Set the environment (defaults below, then `environ`) and start Django."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "newsarchive.settings",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-insecure-key"),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            # Filling, vacuuming and counting a large archive takes longer than the site's
            # 5-second limit.
            "DATABASE_STATEMENT_TIMEOUT": "0",
            **environ,
        }
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django
    from django.test.utils import override_settings

    django.setup()
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
