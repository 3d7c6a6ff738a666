"""The admin: login lockout (django-axes), real client address, configurable URL, Editors group."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from articles.clientip import client_ip
from articles.groups import EDITORS

from .factories import make_article, make_comment
from .test_settings import run_manage

PASSWORD = "a-long-test-password"


class LoginLockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("chief", "chief@example.com", PASSWORD)
        cls.login_url = reverse("admin:login")

    def attempt(self, password, **extra):
        return self.client.post(
            self.login_url,
            {"username": "chief", "password": password, "next": reverse("admin:index")},
            **extra,
        )

    def fail(self, times, **extra):
        for _ in range(times):
            response = self.attempt("wrong-password", **extra)
        return response

    def assert_locked(self, response):
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Sign-in temporarily locked", status_code=429)
        self.assertContains(response, "5 failed attempts", status_code=429)
        self.assertContains(response, "You can try again in 1", status_code=429)
        self.assertIn("Retry-After", response.headers)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_four_failures_show_the_usual_error(self):
        response = self.fail(4)
        self.assertContains(response, "Please enter the correct username and password")

    def test_fifth_failure_locks_even_the_right_password_out(self):
        """The fifth failure shows the locked page; the correct password is refused after it."""
        self.assert_locked(self.fail(5))
        self.assert_locked(self.attempt(PASSWORD))

    def test_lock_is_per_username_and_address(self):
        self.fail(5)
        response = self.attempt(PASSWORD, REMOTE_ADDR="198.51.100.7")
        self.assertRedirects(response, reverse("admin:index"))

    def test_spoofed_forwarded_for_changes_nothing_without_a_trusted_proxy(self):
        self.fail(5, HTTP_X_FORWARDED_FOR="198.51.100.1")
        self.assert_locked(self.attempt(PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2"))

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_behind_a_trusted_proxy_each_client_is_counted_apart(self):
        self.fail(5, HTTP_X_FORWARDED_FOR="198.51.100.1")
        self.assert_locked(self.attempt(PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1"))
        response = self.attempt(PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2")
        self.assertRedirects(response, reverse("admin:index"))

    @override_settings(AXES_FAILURE_LIMIT=2)
    def test_failure_limit_is_configurable(self):
        self.assertEqual(self.fail(1).status_code, 200)
        self.assertEqual(self.fail(1).status_code, 429)

    def test_staff_unlock_from_the_admin(self):
        """Deleting the access attempt in the admin lets the user sign in again."""
        self.fail(5)
        staff = get_user_model().objects.create_superuser("other", "o@example.com", PASSWORD)
        self.client.force_login(staff)
        from axes.models import AccessAttempt

        attempt = AccessAttempt.objects.get(username="chief")
        response = self.client.post(
            reverse("admin:axes_accessattempt_changelist"),
            {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.assertRedirects(self.attempt(PASSWORD), reverse("admin:index"))

    def test_staff_unlock_with_the_command(self):
        self.fail(5)
        call_command("axes_reset_username", "chief", stdout=None)
        self.assertRedirects(self.attempt(PASSWORD), reverse("admin:index"))

    def test_success_resets_the_count(self):
        self.fail(4)
        self.assertRedirects(self.attempt(PASSWORD), reverse("admin:index"))
        self.client.logout()
        self.assertEqual(self.fail(4).status_code, 200)


class ClientIpTests(SimpleTestCase):
    def ip(self, remote, forwarded=None):
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_ip(RequestFactory().get("/", **extra))

    def test_without_trusted_proxies_the_header_is_ignored(self):
        self.assertEqual(self.ip("203.0.113.5", "198.51.100.1"), "203.0.113.5")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "192.0.2.1"])
    def test_header_is_read_only_from_a_trusted_proxy(self):
        self.assertEqual(self.ip("10.1.2.3", "198.51.100.1"), "198.51.100.1")
        self.assertEqual(self.ip("203.0.113.5", "198.51.100.1"), "203.0.113.5")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "192.0.2.1"])
    def test_client_cannot_prepend_a_fake_address(self):
        """The rightmost address our proxies did not add is the client, whatever is left of it."""
        self.assertEqual(self.ip("10.0.0.1", "1.2.3.4, 198.51.100.9"), "198.51.100.9")
        self.assertEqual(self.ip("10.0.0.1", "1.2.3.4, 198.51.100.9, 192.0.2.1"), "198.51.100.9")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_any_number_of_trusted_hops_and_no_forged_one(self):
        """Hops inside one trusted network are walked back through; a direct client that
        writes a trusted proxy into the header is still itself (where django-ipware differs:
        docs/development.md)."""
        self.assertEqual(self.ip("10.0.0.1", "198.51.100.7, 10.0.0.3, 10.0.0.2"), "198.51.100.7")
        self.assertEqual(self.ip("203.0.113.9", "198.51.100.7, 10.0.0.2"), "203.0.113.9")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_garbage_in_the_header_falls_back_to_the_proxy(self):
        self.assertEqual(self.ip("10.0.0.1", "not-an-ip"), "10.0.0.1")
        self.assertEqual(self.ip("10.0.0.1", ""), "10.0.0.1")
        self.assertEqual(self.ip("10.0.0.1", "2001:db8::1"), "2001:db8::1")

    def test_missing_remote_address_is_none(self):
        self.assertIsNone(self.ip(""))

    def test_bad_trusted_proxies_setting_is_reported(self):
        result = run_manage("check", env={"DEBUG": "1", "TRUSTED_PROXIES": "10.0.0.1,proxy"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("TRUSTED_PROXIES: 'proxy' is not an IP address", result.stderr)


class AdminUrlTests(SimpleTestCase):
    def test_admin_url_comes_from_the_environment(self):
        """With ADMIN_URL=back-office/ the admin answers there and /admin/ is a 404."""
        script = (
            "from django.test import Client; c = Client(); "
            "print(c.get('/back-office/login/').status_code, c.get('/admin/login/').status_code)"
        )
        result = run_manage(
            "shell",
            "-c",
            script,
            env={"DEBUG": "1", "ADMIN_URL": "back-office/", "ALLOWED_HOSTS": "testserver"},
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip().splitlines()[-1], "200 404")

    def test_default_admin_url(self):
        self.assertEqual(reverse("admin:index"), "/admin/")


class EditorsGroupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_user(
            "ed", "ed@example.com", PASSWORD, is_staff=True
        )
        cls.editor.groups.add(Group.objects.get(name=EDITORS))
        cls.article = make_article()
        cls.comment = make_comment(cls.article)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_migrate_created_the_group(self):
        group = Group.objects.get(name=EDITORS)
        codenames = set(group.permissions.values_list("codename", flat=True))
        self.assertIn("change_article", codenames)
        self.assertIn("change_comment", codenames)
        self.assertFalse({c for c in codenames if c.endswith(("_user", "_group"))})

    def test_editor_can_edit_articles_and_moderate_comments(self):
        for url in [
            reverse("admin:articles_article_changelist"),
            reverse("admin:articles_article_change", args=[self.article.pk]),
            reverse("admin:articles_article_add"),
            reverse("admin:articles_comment_changelist"),
            reverse("admin:taggit_tag_changelist"),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(
            reverse("admin:articles_comment_changelist"),
            {"action": "mark_spam", "_selected_action": [self.comment.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.status, "spam")

    def test_editor_cannot_manage_users_groups_or_lockouts(self):
        for url in [
            reverse("admin:auth_user_changelist"),
            reverse("admin:auth_user_add"),
            reverse("admin:auth_user_change", args=[self.editor.pk]),
            reverse("admin:auth_group_changelist"),
            reverse("admin:axes_accessattempt_changelist"),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
        index = self.client.get(reverse("admin:index"))
        self.assertNotContains(index, reverse("admin:auth_user_changelist"))

    def test_command_is_idempotent_and_repairs_the_group(self):
        group = Group.objects.get(name=EDITORS)
        expected = set(group.permissions.all())
        group.permissions.clear()
        call_command("create_editors_group", stdout=None)
        call_command("create_editors_group", stdout=None)
        self.assertEqual(set(Group.objects.get(name=EDITORS).permissions.all()), expected)
        self.assertEqual(Group.objects.filter(name=EDITORS).count(), 1)
