"""The comment settings come from environment variables of the same name."""

import json

from django.test import SimpleTestCase

from .test_settings import run_manage

SHOW = (
    "import json; from django.conf import settings as s; print('SETTINGS ' + json.dumps({k: "
    "getattr(s, k) for k in ['COMMENTS_MAX_DEPTH', 'COMMENTS_PER_PAGE', "
    "'COMMENTS_CLOSE_AFTER_DAYS', 'COMMENTS_HOLD_ALL', 'COMMENTS_MAX_LINKS', "
    "'COMMENTS_DISALLOWED_WORDS', 'COMMENTS_FLOOD_SECONDS', 'COMMENTS_MIN_SUBMIT_SECONDS', "
    "'COMMENTS_FORM_MAX_AGE', 'COMMENT_IP_RETENTION_DAYS', 'EMAIL_BACKEND', 'EMAIL_HOST', "
    "'EMAIL_PORT', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'DEFAULT_FROM_EMAIL', 'MANAGERS']}))"
)


def settings_with(env):
    result = run_manage("shell", "-c", SHOW, env={"DEBUG": "1"} | env)
    for line in result.stdout.splitlines():
        if line.startswith("SETTINGS "):
            return json.loads(line[len("SETTINGS ") :]), result
    return None, result


class CommentSettingsTests(SimpleTestCase):
    def test_defaults(self):
        values, result = settings_with({})
        self.assertIsNotNone(values, result.stderr)
        self.assertEqual(
            {k: v for k, v in values.items() if k.startswith("COMMENT")},
            {
                "COMMENTS_MAX_DEPTH": 5,
                "COMMENTS_PER_PAGE": 50,
                "COMMENTS_CLOSE_AFTER_DAYS": 0,
                "COMMENTS_HOLD_ALL": False,
                "COMMENTS_MAX_LINKS": 2,
                "COMMENTS_DISALLOWED_WORDS": [],
                "COMMENTS_FLOOD_SECONDS": 15,
                "COMMENTS_MIN_SUBMIT_SECONDS": 3,
                "COMMENTS_FORM_MAX_AGE": 7200,
                "COMMENT_IP_RETENTION_DAYS": 30,
            },
        )
        self.assertEqual(values["EMAIL_BACKEND"], "django.core.mail.backends.console.EmailBackend")
        self.assertEqual(values["MANAGERS"], [])

    def test_every_setting_from_the_environment(self):
        values, result = settings_with(
            {
                "COMMENTS_MAX_DEPTH": "3",
                "COMMENTS_PER_PAGE": "20",
                "COMMENTS_CLOSE_AFTER_DAYS": "14",
                "COMMENTS_HOLD_ALL": "1",
                "COMMENTS_MAX_LINKS": "4",
                "COMMENTS_DISALLOWED_WORDS": "casino, cheap pills\nviagra",
                "COMMENTS_FLOOD_SECONDS": "30",
                "COMMENTS_MIN_SUBMIT_SECONDS": "5",
                "COMMENTS_FORM_MAX_AGE": "3600",
                "COMMENT_IP_RETENTION_DAYS": "7",
                "EMAIL_HOST": "smtp.example.com",
                "EMAIL_PORT": "465",
                "DEFAULT_FROM_EMAIL": "news@example.com",
                "MANAGERS": "Desk <desk@example.com>, ops@example.com",
            }
        )
        self.assertIsNotNone(values, result.stderr)
        self.assertEqual(values["COMMENTS_MAX_DEPTH"], 3)
        self.assertEqual(values["COMMENTS_PER_PAGE"], 20)
        self.assertEqual(values["COMMENTS_CLOSE_AFTER_DAYS"], 14)
        self.assertIs(values["COMMENTS_HOLD_ALL"], True)
        self.assertEqual(values["COMMENTS_MAX_LINKS"], 4)
        self.assertEqual(values["COMMENTS_DISALLOWED_WORDS"], ["casino", "cheap pills", "viagra"])
        self.assertEqual(values["COMMENTS_FLOOD_SECONDS"], 30)
        self.assertEqual(values["COMMENTS_MIN_SUBMIT_SECONDS"], 5)
        self.assertEqual(values["COMMENTS_FORM_MAX_AGE"], 3600)
        self.assertEqual(values["COMMENT_IP_RETENTION_DAYS"], 7)
        self.assertEqual(values["EMAIL_BACKEND"], "django.core.mail.backends.smtp.EmailBackend")
        self.assertEqual([values["EMAIL_USE_SSL"], values["EMAIL_USE_TLS"]], [True, False])
        self.assertEqual(values["DEFAULT_FROM_EMAIL"], "news@example.com")
        self.assertEqual(
            values["MANAGERS"], [["Desk", "desk@example.com"], ["", "ops@example.com"]]
        )

    def test_a_bad_number_is_reported_clearly(self):
        values, result = settings_with({"COMMENTS_PER_PAGE": "fifty"})
        self.assertIsNone(values)
        self.assertIn("COMMENTS_PER_PAGE must be a whole number", result.stderr)
