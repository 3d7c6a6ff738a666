"""The test run itself (conftest.py): a PostgreSQL that does not answer is one line, not a
traceback per test, and a test that skips after its set-up fails."""

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

ROOT = Path(settings.BASE_DIR)

LATE_AND_EARLY_SKIPS = """
import unittest

from django.test import SimpleTestCase


class LateSkipTests(SimpleTestCase):
    def setUp(self):
        self.skipTest("decided after the set-up")

    def test_late(self):
        pass


@unittest.skipUnless(False, "decided before the set-up")
class EarlySkipTests(SimpleTestCase):
    def test_early(self):
        pass
"""


def closed_port():
    """A local port nothing listens on (it was free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_pytest(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env=os.environ | (env or {}),
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestRunTests(SimpleTestCase):
    def test_a_postgresql_that_does_not_answer_is_one_clear_line(self):
        """What `make test-pg` prints with no server: where it looked and what to do."""
        port = closed_port()
        result = run_pytest(
            "articles/tests/test_models.py",
            env={"DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/newsarchive"},
        )
        self.assertEqual(result.returncode, 4, result.stdout + result.stderr)
        self.assertEqual(
            result.stderr.strip(),
            f"ERROR: PostgreSQL does not answer on 127.0.0.1:{port} (Connection refused): "
            "start it or set DATABASE_URL",
        )
        self.assertNotIn("Traceback", result.stdout)

    def test_a_skip_after_the_set_up_fails_and_one_on_the_class_skips(self):
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (folder / "test_skips.py").write_text(LATE_AND_EARLY_SKIPS)
        # The project's conftest.py and settings, for a test file outside the project.
        result = run_pytest("-p", "conftest", "-c", "pyproject.toml", "--rootdir", ".", str(folder))
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("1 failed, 1 skipped", result.stdout)
        self.assertIn(
            "test_late skipped inside the test (Skipped: decided after the set-up): "
            "skip its class instead",
            result.stdout,
        )
        self.assertIn("SKIPPED", result.stdout)
        self.assertIn("decided before the set-up", result.stdout)
