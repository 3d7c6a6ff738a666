import os

import pytest
from django.test import override_settings
from hypothesis import settings as hypothesis_settings

# In CI the property tests replay the same examples every run, so a landing is never blocked
# by a chance find in code it did not touch; locally each run explores new examples.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True, scope="session")
def static_files_without_collectstatic():
    """The suite does not run collectstatic: serve static files from their source folders."""
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WHITENOISE_AUTOREFRESH=True,
        WHITENOISE_USE_FINDERS=True,
        # Logins in tests need no real key stretching; production keeps Django's default.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (local memory in the suite): no page, counter or
    content generation left by another test, whose database rows are gone."""
    from django.core.cache import cache

    from articles import search
    from articles.pagecache import local_copies

    cache.clear()
    local_copies.clear()
    search.clear_caches()
