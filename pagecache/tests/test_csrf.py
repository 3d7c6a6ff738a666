"""The CSRF token a cached page gets: accepted by Django's own check, and random."""

import collections

from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CsrfViewMiddleware
from django.test import RequestFactory, SimpleTestCase

from pagecache.csrf import get_token


def protected_view(request):
    return HttpResponse("posted")


class CsrfTokenTests(SimpleTestCase):
    def setUp(self):
        self.factory = RequestFactory()
        self.middleware = CsrfViewMiddleware(protected_view)

    def issued(self):
        """A first visit: the token for the form and the cookie the answer sets."""
        request = self.factory.get("/")
        token = get_token(request)
        response = self.middleware.process_response(request, HttpResponse())
        return token, response.cookies["csrftoken"].value

    def post(self, token, cookie):
        request = self.factory.post("/", {"csrfmiddlewaretoken": token})
        request.COOKIES["csrftoken"] = cookie
        self.middleware.process_request(request)
        answer = self.middleware.process_view(request, protected_view, (), {})
        return answer.status_code if answer else 200

    def test_django_accepts_the_token_with_the_cookie_it_came_with(self):
        token, cookie = self.issued()
        self.assertEqual(len(token), 64)
        self.assertEqual(self.post(token, cookie), 200)

    def test_django_refuses_it_altered_or_with_another_readers_cookie(self):
        token, cookie = self.issued()
        other_token, other_cookie = self.issued()
        altered = token[:40] + ("a" if token[40] != "a" else "b") + token[41:]
        self.assertEqual(self.post(altered, cookie), 403)
        self.assertEqual(self.post(token, other_cookie), 403)
        self.assertEqual(self.post(other_token, other_cookie), 200)

    def test_a_returning_reader_keeps_their_secret_under_a_new_mask(self):
        token, cookie = self.issued()
        request = self.factory.get("/")
        request.COOKIES["csrftoken"] = cookie
        self.middleware.process_request(request)
        again = get_token(request)
        self.assertNotEqual(again, token)
        self.assertEqual(request.META["CSRF_COOKIE"], cookie)
        self.assertTrue(request.META["CSRF_COOKIE_NEEDS_UPDATE"])
        self.assertEqual(self.post(again, cookie), 200)

    def test_every_character_is_as_likely_as_any_other(self):
        # 2,000 masks: 64,000 characters, about 1,032 of each of the 62. Taking every byte
        # modulo 62 would make the first eight (256 % 62) a quarter likelier than the rest.
        counts = collections.Counter()
        for _ in range(2000):
            counts.update(get_token(self.factory.get("/"))[:32])
        self.assertEqual(set(counts), set(CSRF_ALLOWED_CHARS))
        first = sum(counts[char] for char in CSRF_ALLOWED_CHARS[:8]) / 8
        rest = sum(counts[char] for char in CSRF_ALLOWED_CHARS[8:]) / 54
        self.assertLess(abs(first / rest - 1), 0.08)
