"""Settings come from the environment, and production settings pass the deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


class SettingsTests(SimpleTestCase):
    def test_secret_key_is_required_when_debug_is_off(self):
        result = run_manage("check", env={})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY must be set when DEBUG is off", result.stderr)

    def test_debug_runs_without_a_secret_key(self):
        result = run_manage("check", env={"DEBUG": "1"})
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_bad_boolean_is_reported_clearly(self):
        result = run_manage("check", env={"DEBUG": "maybe"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DEBUG must be a boolean", result.stderr)

    def test_check_deploy_is_clean_with_production_settings(self):
        """DEBUG off, a real key and the HTTPS defaults: no deploy warning at all."""
        result = run_manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            env={
                "SECRET_KEY": "k7-Q0v3rY_l0ng-and-r4nd0m-pr0duct10n-k3y-f0r-the-d3pl0y-ch3ck",
                "ALLOWED_HOSTS": "news.example.com",
            },
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)
