"""A reader's first post from a page the front cache served: accepted from our own pages
by the browser's Origin, refused from anywhere else, and Django's check unchanged for
anyone holding a cookie."""

import time_machine
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Comment
from articles.tests.commenting import valid_comment
from articles.tests.factories import make_article

from .test_headers import FIELD, FRONT

SITE = "http://testserver"


@override_settings(**FRONT, COMMENTS_FLOOD_SECONDS=0)
class FirstVisitPostTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Lithium deal closes", slug="lithium-deal-closes")
        cls.url = reverse("articles:comment-create", args=[cls.article.slug])

    def setUp(self):
        cache.clear()
        traveller = time_machine.travel(timezone.now(), tick=False)
        self.clock = traveller.start()
        self.addCleanup(traveller.stop)

    def fragments(self):
        """What Varnish puts into the cached page for a reader with no cookie: each
        fragment fetched without cookies, and whatever cookie it tried to set dropped."""
        fragment = Client().get(
            reverse("frontcache:fragment", args=["readerfields", self.article.pk])
        )
        return dict(FIELD.findall(fragment.content.decode()))

    def post(self, client=None, **headers):
        data = self.fragments() | valid_comment(body="First time here, and a question.")
        self.clock.shift(5)
        return (client or Client(enforce_csrf_checks=True)).post(self.url, data, **headers)

    def test_first_post_from_our_page_is_accepted_and_gets_a_csrf_cookie(self):
        response = self.post(HTTP_ORIGIN=SITE, HTTP_SEC_FETCH_SITE="same-origin")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Comment.objects.filter(article=self.article).count(), 1)
        cookie = response.cookies["csrftoken"].value
        self.assertRegex(cookie, r"^[a-zA-Z0-9]{32}$")

    def test_origin_alone_is_enough(self):
        """Browsers that do not send Sec-Fetch-Site still send Origin with a POST."""
        self.assertEqual(self.post(HTTP_ORIGIN=SITE).status_code, 302)

    def test_cross_site_post_is_refused(self):
        for headers in [
            {"HTTP_ORIGIN": "https://attacker.example"},
            {"HTTP_ORIGIN": SITE, "HTTP_SEC_FETCH_SITE": "cross-site"},
            {"HTTP_ORIGIN": SITE, "HTTP_SEC_FETCH_SITE": "same-site"},
            {"HTTP_ORIGIN": "null"},
            {},  # no Origin at all: nothing says where the post came from
        ]:
            with self.subTest(headers=headers):
                response = self.post(**headers)
                self.assertEqual(response.status_code, 403)
                self.assertContains(response, "could not be sent", status_code=403)
        self.assertFalse(Comment.objects.exists())

    def test_anyone_with_a_cookie_gets_djangos_check(self):
        """Staff with a session, or a reader with any cookie of ours, must hold the CSRF
        cookie as always: a same-origin post without it is refused."""
        staff = Client(enforce_csrf_checks=True)
        staff.force_login(User.objects.create_superuser("ed", "ed@example.com", "pw-x-123"))
        self.assertEqual(self.post(staff, HTTP_ORIGIN=SITE).status_code, 403)
        reader = Client(enforce_csrf_checks=True)
        reader.cookies["comment_author"] = "anything"
        self.assertEqual(self.post(reader, HTTP_ORIGIN=SITE).status_code, 403)
        self.assertFalse(Comment.objects.exists())

    def test_only_listed_forms(self):
        """Any other form (the admin login, say) keeps Django's check."""
        response = Client(enforce_csrf_checks=True).post(
            reverse("admin:login"),
            {"csrfmiddlewaretoken": self.fragments()["csrfmiddlewaretoken"], "username": "x"},
            HTTP_ORIGIN=SITE,
        )
        self.assertEqual(response.status_code, 403)

    def test_a_token_that_is_not_djangos_is_refused(self):
        data = self.fragments() | valid_comment() | {"csrfmiddlewaretoken": "x" * 10}
        self.clock.shift(5)
        response = Client(enforce_csrf_checks=True).post(self.url, data, HTTP_ORIGIN=SITE)
        self.assertEqual(response.status_code, 403)
