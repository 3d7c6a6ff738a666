from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from .test_replay import captured_article


class CaptureAdminTests(TestCase):
    """Captures are listed for staff with a link to replay them, and cannot be edited."""

    @classmethod
    def setUpTestData(cls):
        cls.article, cls.capture = captured_article()
        cls.admin = get_user_model().objects.create_superuser("chief", "c@example.com", "pw-1")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_change_list_links_to_the_replay(self):
        response = self.client.get(reverse("admin:captures_capture_changelist"))
        self.assertContains(response, "https://metals.example/a/")
        self.assertContains(response, f'href="{self.capture.get_absolute_url()}"')

    def test_capture_is_read_only(self):
        url = reverse("admin:captures_capture_change", args=[self.capture.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'name="_save"')
        self.assertEqual(self.client.get(reverse("admin:captures_capture_add")).status_code, 403)


class EditorsSeeCapturesTests(TestCase):
    def test_an_editor_can_view_captures_but_not_change_them(self):
        _article, capture = captured_article()
        editor = get_user_model().objects.create_user("ed", "ed@example.com", "pw-1", is_staff=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        self.client.force_login(editor)
        self.assertEqual(
            self.client.get(reverse("admin:captures_capture_changelist")).status_code, 200
        )
        response = self.client.get(reverse("admin:captures_capture_change", args=[capture.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'name="_save"')
