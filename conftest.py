import os

import pytest
from django.test import override_settings
from hypothesis import settings as hypothesis_settings

# In CI the property tests replay the same examples every run, so a landing is never blocked
# by a chance find in code it did not touch; locally each run explores new examples.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


def pytest_sessionstart(session):
    """On PostgreSQL, stop at once with one line when the server does not answer, rather than
    with a connection traceback for every test that needs the database."""
    from django.db import connections

    database = connections["default"].settings_dict
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    import psycopg2

    address = f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
    try:
        # The server's own maintenance database: the test run creates test_<NAME> itself,
        # so NAME need not exist yet.
        psycopg2.connect(
            dbname="postgres",
            user=database["USER"],
            password=database["PASSWORD"],
            host=database["HOST"],
            port=database["PORT"],
            connect_timeout=3,
        ).close()
    except psycopg2.OperationalError as exc:
        # psycopg2's first line ends with the cause ("Connection refused", "password
        # authentication failed for user ..."); its hint on the next line is generic.
        cause = str(exc).strip().splitlines()[0].rpartition("failed: ")[2] or "no answer"
        if 'database "postgres" does not exist' in cause:
            return  # It answers; Django then creates the test database from NAME's.
        if cause.startswith("FATAL:"):
            message = (
                f"PostgreSQL on {address} refuses the connection ({cause[6:].strip()}): "
                "set DATABASE_URL to a user it accepts"
            )
        else:
            message = (
                f"PostgreSQL does not answer on {address} ({cause}): start it or set DATABASE_URL"
            )
        raise pytest.UsageError(message) from None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A test that skips from setUp() or its body fails: skips belong on the class (the
    database, a tool, a service), decided before any set-up builds data that the skip then
    throws away, and read in one place. Class-level skips are reported at "setup"."""
    report = yield
    if report.when == "call" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} skipped inside the test ({reason}): skip its class instead, "
            "with @unittest.skipUnless(...) or @skipUnlessDBFeature(...)"
        )
    return report


@pytest.fixture(autouse=True, scope="session")
def static_files_without_collectstatic(tmp_path_factory):
    """The suite does not run collectstatic: serve static files from their source folders.
    Uploaded media go to a temporary folder, never the project's media/."""
    with override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
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
    from pagecache import local_copies

    cache.clear()
    local_copies.clear()
    search.clear_caches()
