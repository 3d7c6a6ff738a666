"""Reading settings from environment variables: the helpers newsarchive/settings.py uses.

Kept apart so that the settings module stays a list of settings, and so that tests can
parse a value without loading the settings.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_float(name, default):
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_cache_url(url):
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in {"redis", "rediss", "unix"}:
        # Django's Redis cache, keeping its redis-py client between calls (newsarchive/cache.py).
        return {"BACKEND": "newsarchive.cache.ReusedClientRedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": url.split("://", 1)[1] or "newsarchive",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if scheme == "file":
        # Django's file-based cache: one file per key in a folder every process on the
        # machine shares (an absolute path: file:///var/cache/newsarchive); counting the
        # files once a second, not on every write (newsarchive/cache.py).
        folder = url.split("://", 1)[1]
        if not folder.startswith("/"):
            raise ImproperlyConfigured(f"CACHE_URL file:// needs an absolute path, not {url!r}.")
        return {
            "BACKEND": "newsarchive.cache.RarelyCountedFileBasedCache",
            "LOCATION": folder,
            # Past this many files a third is dropped: far above
            # the pages, versions and counters of an archive.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, rediss://, unix://, file://, locmem:// or "
        f"dummy://, not {url!r}."
    )
