"""The bad-input suite: hostile or broken input gets the right 4xx or a form error, never a 500,
and nothing is stored that should not be.

Table-driven: a new public page goes in PAGES (and PAGINATED if it has pages), a new form in
FORMS, a new redirecting parameter in REDIRECTS, a new date archive in ARCHIVES.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client, TestCase, override_settings
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from articles.comments.spam import form_token
from articles.forms import CommentForm
from articles.models import Comment

from .factories import make_article, make_comment

PASSWORD = "a-long-test-password"


def article_url(test):
    return test.article.get_absolute_url()


def list_url(test):
    return reverse("articles:article-list")


def tag_url(test):
    return reverse("articles:tag-detail", args=["energy"])


def search_url(test):
    return reverse("articles:search") + "?q=oil"


def day_url(test):
    return reverse("articles:archive-day", args=test.article_date)


def month_url(test):
    return reverse("articles:archive-month", args=test.article_date[:2])


def year_url(test):
    return reverse("articles:archive-year", args=test.article_date[:1])


def fixed(name, *args):
    return lambda test: reverse(name, args=args)


# Every public page a reader can GET (feeds and sitemaps included).
PAGES = {
    "home": list_url,
    "article": article_url,
    "tag": tag_url,
    "tag index": fixed("articles:tag-index"),
    "search": search_url,
    "empty search": fixed("articles:search"),
    "archive index": fixed("articles:archive"),
    "archive year": year_url,
    "archive month": month_url,
    "archive day": day_url,
    "atom feed": fixed("articles:feed-atom"),
    "rss feed": fixed("articles:feed-rss"),
    "tag feed": fixed("articles:tag-feed-atom", "energy"),
    "comments feed": fixed("articles:comments-feed"),
    "article comments feed": lambda test: reverse(
        "articles:article-comments-feed", args=[test.article.slug]
    ),
    "sitemap": fixed("sitemap"),
    "robots.txt": fixed("robots-txt"),
}

# Pages that take ?page= (a URL here may carry a query already).
PAGINATED = {
    "home": list_url,
    "tag": tag_url,
    "search": search_url,
    "archive year": year_url,
    "archive month": month_url,
    "archive day": day_url,
}

# URL patterns with a slug part: (name, a function of the hostile part giving the URL).
SLUG_URLS = {
    "article": lambda part: f"/articles/{part}/",
    "tag": lambda part: f"/tags/{part}/",
    "comment": lambda part: f"/articles/{part}/comment/",
    "tag feed": lambda part: f"/feeds/tags/{part}/atom/",
    "article comments feed": lambda part: f"/articles/{part}/comments/feed/",
    "sitemap section": lambda part: f"/sitemap-{part}.xml",
}

# URL patterns with a number part: (name, a function of the number giving the URL).
NUMBER_URLS = {
    "comment permalink": lambda number: f"/comments/{number}/",
}

# Numbers no row has: zero, past a 64-bit key, and far past it (5,000 digits).
BAD_NUMBERS = ["0", "00", "9" * 19, "9" * 20, "9" * 30, "9" * 5000]

# Date archives: the date parts each uses, and its URL from them.
ARCHIVES = {
    "year": (("year",), "/{year}/"),
    "month": (("year", "month"), "/{year}/{month}/"),
    "day": (("year", "month", "day"), "/{year}/{month}/{day}/"),
}

# Impossible dates: (the part that is wrong, the date). 99999 and 30 digits would overflow
# datetime (OverflowError, not only ValueError).
BAD_DATES = [
    ("month", {"year": "2024", "month": "13", "day": "01"}),
    ("month", {"year": "2024", "month": "00", "day": "01"}),
    ("month", {"year": "2024", "month": "9" * 30, "day": "01"}),
    ("day", {"year": "2024", "month": "02", "day": "30"}),
    ("day", {"year": "2023", "month": "02", "day": "29"}),
    ("day", {"year": "2024", "month": "01", "day": "32"}),
    ("day", {"year": "2024", "month": "01", "day": "00"}),
    ("day", {"year": "2024", "month": "01", "day": "9" * 30}),
    ("day", {"year": "9999", "month": "12", "day": "31"}),
    ("year", {"year": "99999", "month": "01", "day": "01"}),
    ("year", {"year": "0000", "month": "01", "day": "01"}),
    ("year", {"year": "0", "month": "01", "day": "01"}),
    ("year", {"year": "-2024", "month": "01", "day": "01"}),
    ("year", {"year": "9" * 30, "month": "01", "day": "01"}),
]


def valid_comment(article):
    """A comment as a reader sends it, with the signed form token of a page read 10 s ago."""
    return {
        "body": "Margins look thin this quarter.",
        "author_name": "Dana",
        "author_email": "dana@example.net",
        "author_url": "https://dana.example.net/",
        "token": form_token(article, issued=time.time() - 10),
    }


@dataclass
class FormCase:
    """A public form: where it posts, valid data, and how to count what it stores."""

    url: Callable
    valid: Callable
    stored: Callable
    fields: list = field(default_factory=list)


FORMS = {
    "comment": FormCase(
        url=lambda test: reverse("articles:comment-create", args=[test.article.slug]),
        valid=lambda test: valid_comment(test.article),
        stored=lambda: Comment.objects.count(),
        fields=list(CommentForm.base_fields),
    ),
    # Open to anyone: a refused sign-in must not even count as an attempt.
    "admin login": FormCase(
        url=lambda test: reverse("admin:login"),
        valid=lambda test: {"username": "chief", "password": PASSWORD},
        stored=lambda: (AccessAttempt.objects.count(), Session.objects.count()),
        fields=["username", "password"],
    ),
}

# Parameters that decide where a response redirects: (url, method, parameter, data, signed in).
REDIRECTS = {
    "admin login": (
        lambda test: reverse("admin:login"),
        "post",
        "next",
        {"username": "chief", "password": PASSWORD},
        False,
    ),
    "admin logout": (lambda test: reverse("admin:logout"), "post", "next", {}, True),
}

HOSTILE_TARGETS = [
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " //evil.example",
    "/%2F%2Fevil.example",
    "\t//evil.example",
]

BAD_PAGES = ["abc", "0", "-1", "99999", "1.5", "1e3", "0x10", "9" * 5000, "٣", "²"]


def with_query(url, query):
    """The URL with a raw query string added to any it already has."""
    return f"{url}{'&' if '?' in url else '?'}{query}"


# Every post here comes from one address in quick succession: flood control would answer
# 429 to all but the first, so it is off (tests of its own are in test_comments_spam.py).
@override_settings(COMMENTS_FLOOD_SECONDS=0)
class BadInputTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Oil price climbs", tags=["Energy"])
        published = timezone.localtime(cls.article.published_at)
        cls.article_date = (published.year, published.month, published.day)
        make_comment(cls.article, body="An approved comment.")
        get_user_model().objects.create_superuser("chief", "chief@example.com", PASSWORD)

    def setUp(self):
        # Answers as a browser would see them: a 500 is a response here, not an exception.
        self.client = Client(raise_request_exception=False)

    def assert_bad_request(self, response):
        self.assertEqual(response.status_code, 400, response.content[:300])
        self.assertContains(response, "Bad request", status_code=400)

    def stored_counts(self):
        return {name: case.stored() for name, case in FORMS.items()}


class NulAndEncodingTests(BadInputTestCase):
    def test_nul_in_the_query_is_refused_on_every_page(self):
        for name, url in PAGES.items():
            for query in ["q=%00", "q=abc%00def", "page=1%00", "%00=1", "q=%C0%80"]:
                with self.subTest(page=name, query=query):
                    response = self.client.get(with_query(url(self), query))
                    if "search" in name and query in {"q=%00", "q=abc%00def"}:
                        # The search box alone reads a NUL as a space (test_search.py).
                        self.assertEqual(response.status_code, 302)
                        self.assertNotIn("%00", response["Location"])
                    else:
                        self.assert_bad_request(response)

    def test_invalid_utf8_in_the_query_is_refused_on_every_page(self):
        for name, url in PAGES.items():
            for query in ["q=%FF", "q=%C3%28", "q=%ED%A0%80", "page=%E2%82"]:
                with self.subTest(page=name, query=query):
                    self.assert_bad_request(self.client.get(with_query(url(self), query)))

    def test_nul_and_invalid_utf8_in_path_parts_are_refused(self):
        for name, url in SLUG_URLS.items():
            for part in ["oil%00", "%00", "%FF", "caf%E9", "%C3%28", "%ED%A0%80"]:
                with self.subTest(url=name, part=part):
                    self.assert_bad_request(self.client.get(url(part)))

    def test_huge_numbers_in_paths_are_a_clean_404(self):
        """Past the database's integer range the answer is a 404, not an overflow."""
        for name, url in NUMBER_URLS.items():
            for number in BAD_NUMBERS:
                with self.subTest(url=name, digits=len(number)):
                    self.assertEqual(self.client.get(url(number)).status_code, 404)

    def test_four_byte_and_other_unicode_in_paths_is_a_clean_404(self):
        for name, url in SLUG_URLS.items():
            for part in ["%F0%9F%98%80", "%E2%80%AEevil", "caf%C3%A9", "a" * 5000, "%20", "..."]:
                with self.subTest(url=name, part=part):
                    response = self.client.get(url(part))
                    self.assertIn(response.status_code, {404, 405})

    def test_nul_in_any_form_field_is_refused_and_nothing_is_stored(self):
        """Both encodings a browser or robot may use; the ORM never sees the NUL."""
        before = self.stored_counts()
        for name, case in FORMS.items():
            for field_name in case.fields:
                data = case.valid(self) | {field_name: "before\x00after"}
                for content_type in [MULTIPART_CONTENT, "application/x-www-form-urlencoded"]:
                    with self.subTest(form=name, field=field_name, content_type=content_type):
                        body = data if content_type == MULTIPART_CONTENT else urlencode(data)
                        response = self.client.post(case.url(self), body, content_type=content_type)
                        self.assert_bad_request(response)
        self.assertEqual(self.stored_counts(), before)

    def test_nul_in_a_field_name_is_refused(self):
        for name, case in FORMS.items():
            with self.subTest(form=name):
                response = self.client.post(case.url(self), case.valid(self) | {"x\x00y": "1"})
                self.assert_bad_request(response)

    def test_invalid_utf8_in_a_form_body_is_refused_and_nothing_is_stored(self):
        before = self.stored_counts()
        for name, case in FORMS.items():
            for field_name in case.fields:
                body = urlencode(case.valid(self) | {field_name: "X"}).replace(
                    f"{field_name}=X", f"{field_name}=caf%E9"
                )
                with self.subTest(form=name, field=field_name, encoding="urlencoded"):
                    response = self.client.post(
                        case.url(self), body, content_type="application/x-www-form-urlencoded"
                    )
                    self.assert_bad_request(response)
                multipart = (
                    f'--BoUnDaRy\r\nContent-Disposition: form-data; name="{field_name}"\r\n\r\n'
                ).encode() + b"caf\xe9\r\n--BoUnDaRy--\r\n"
                with self.subTest(form=name, field=field_name, encoding="multipart"):
                    response = self.client.post(
                        case.url(self),
                        multipart,
                        content_type="multipart/form-data; boundary=BoUnDaRy",
                    )
                    self.assert_bad_request(response)
        self.assertEqual(self.stored_counts(), before)

    def test_nul_in_a_cookie_is_refused(self):
        response = self.client.get(list_url(self), HTTP_COOKIE='sessionid="abc\\000def"')
        self.assert_bad_request(response)

    def test_four_byte_emoji_are_stored_and_shown_intact(self):
        emoji = {"author_name": "Zoë 🦄", "body": "Rocket 🚀 to the 🌕 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"}
        data = valid_comment(self.article) | emoji
        response = self.client.post(
            reverse("articles:comment-create", args=[self.article.slug]), data
        )
        self.assertEqual(response.status_code, 302)
        comment = Comment.objects.get(author_name="Zoë 🦄")
        self.assertEqual(comment.body, "Rocket 🚀 to the 🌕 𝔘𝔫𝔦𝔠𝔬𝔡𝔢")
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
        page = self.client.get(self.article.get_absolute_url())
        self.assertContains(page, "Rocket 🚀 to the 🌕 𝔘𝔫𝔦𝔠𝔬𝔡𝔢")
        self.assertContains(page, "Zoë 🦄")

    def test_bidi_overrides_cannot_disguise_a_name_or_website(self):
        """Direction overrides and invisible characters are removed from names and links."""
        url = reverse("articles:comment-create", args=[self.article.slug])
        data = valid_comment(self.article) | {
            "author_name": "Dana\u202egnp.exe\u2066",
            "author_url": "https://dana.example.net/\u202e",
            "body": "Profits \u202erose\u202c, they said.",
        }
        self.assertEqual(self.client.post(url, data).status_code, 302)
        comment = Comment.objects.get(author_email="dana@example.net")
        self.assertEqual(comment.author_name, "Danagnp.exe")
        self.assertEqual(comment.author_url, "https://dana.example.net/")
        self.assertEqual(comment.body, "Profits \u202erose\u202c, they said.")
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
        page = self.client.get(self.article.get_absolute_url())
        self.assertContains(page, "Danagnp.exe")
        self.assertNotContains(page, "Dana\u202e")


def with_page(url, page):
    return with_query(url, urlencode({"page": page}))


class PageNumberTests(BadInputTestCase):
    def test_bad_page_numbers_are_404_on_every_paginated_page(self):
        for name, url in PAGINATED.items():
            for page in BAD_PAGES:
                with self.subTest(page_of=name, page=page[:20]):
                    response = self.client.get(with_page(url(self), page))
                    self.assertEqual(response.status_code, 404)

    def test_valid_page_numbers_still_work(self):
        for name, url in PAGINATED.items():
            for page in ["1", "last"]:
                with self.subTest(page_of=name, page=page):
                    response = self.client.get(with_page(url(self), page))
                    self.assertEqual(response.status_code, 200)


class ArchiveDateTests(BadInputTestCase):
    def test_impossible_dates_are_404(self):
        """Month 13, day 32, year 99999 and a 30-digit year: 404, never a 500."""
        for name, (parts, pattern) in ARCHIVES.items():
            for wrong, date in BAD_DATES:
                if wrong not in parts:
                    continue
                url = pattern.format(**date)
                with self.subTest(archive=name, url=url[:40]):
                    self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_real_dates_work(self):
        """The same URLs with the article's own date are pages (the table above is live)."""
        year, month, day = self.article_date
        date = {"year": f"{year:04d}", "month": f"{month:02d}", "day": f"{day:02d}"}
        for name, (_parts, pattern) in ARCHIVES.items():
            with self.subTest(archive=name):
                response = self.client.get(pattern.format(**date))
                self.assertContains(response, "Oil price climbs")


class RedirectTests(BadInputTestCase):
    def assert_stays_on_site(self, response):
        """A redirect to a path of ours, or our own page with no link to the target."""
        if response.status_code == 200:
            self.assertNotContains(response, "evil.example")
            return
        self.assertIn(response.status_code, {301, 302, 303})
        location = response["Location"]
        parts = urlsplit(location)
        self.assertEqual((parts.scheme, parts.netloc), ("", ""), location)
        self.assertTrue(location.startswith("/"), location)
        self.assertFalse(location.startswith(("//", "/\\")), location)

    def test_redirect_parameters_never_leave_the_site(self):
        chief = get_user_model().objects.get(username="chief")
        for name, (url, method, param, data, signed_in) in REDIRECTS.items():
            for target in HOSTILE_TARGETS:
                with self.subTest(redirect=name, target=target):
                    self.client.logout()
                    if signed_in:
                        self.client.force_login(chief)
                    send = getattr(self.client, method)
                    response = send(url(self), data | {param: target})
                    self.assert_stays_on_site(response)

    def test_foreign_host_header_is_refused_on_every_page(self):
        for name, url in PAGES.items():
            for host in ["evil.example", "testserver.evil.example", "evil.example:80@testserver"]:
                with self.subTest(page=name, host=host):
                    response = self.client.get(url(self), headers={"host": host})
                    self.assertEqual(response.status_code, 400)


class RequestLimitTests(BadInputTestCase):
    def test_body_over_the_maximum_is_refused(self):
        """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) is a 400 and stores nothing."""
        before = self.stored_counts()
        for name, case in FORMS.items():
            data = case.valid(self) | {case.fields[0]: "x" * 2_700_000}
            for content_type in [MULTIPART_CONTENT, "application/x-www-form-urlencoded"]:
                with self.subTest(form=name, content_type=content_type):
                    body = data if content_type == MULTIPART_CONTENT else urlencode(data)
                    response = self.client.post(case.url(self), body, content_type=content_type)
                    self.assertEqual(response.status_code, 400)
        self.assertEqual(self.stored_counts(), before)

    def test_more_than_a_thousand_fields_is_refused(self):
        before = self.stored_counts()
        extra = {f"field{i}": "1" for i in range(1001)}
        for name, case in FORMS.items():
            for content_type in [MULTIPART_CONTENT, "application/x-www-form-urlencoded"]:
                with self.subTest(form=name, content_type=content_type):
                    data = case.valid(self) | extra
                    body = data if content_type == MULTIPART_CONTENT else urlencode(data)
                    response = self.client.post(case.url(self), body, content_type=content_type)
                    self.assertEqual(response.status_code, 400)
        self.assertEqual(self.stored_counts(), before)

    def test_missing_or_wrong_csrf_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.get(self.article.get_absolute_url())
        before = self.stored_counts()
        for name, case in FORMS.items():
            for token in [None, "", "wrong", "x" * 64]:
                with self.subTest(form=name, token=token):
                    data = case.valid(self)
                    if token is not None:
                        data["csrfmiddlewaretoken"] = token
                    response = client.post(case.url(self), data)
                    self.assertEqual(response.status_code, 403)
        self.assertEqual(self.stored_counts(), before)


PATHOLOGICAL = {
    "unclosed tags": "<a" * 50_000,
    "nested entities": "&amp;" * 10_000 + "&#x26;" * 5_000 + "&" * 20_000,
    "dotted url": "http://" + "." * 50_000,
    "deep nesting": "<b><i>" * 8_000,
    "long word": "x" * 100_000,
    "many lines": "a\n" * 50_000,
    "url soup": "http://a.example/" * 6_000,
}


class PathologicalInputTests(BadInputTestCase):
    def test_pathological_comment_renders_fast_and_escaped(self):
        """100 kB of pathological text in an approved comment: the page renders in under 1 s."""
        for name, text in PATHOLOGICAL.items():
            with self.subTest(input=name):
                # A comment holds at most 65,525 characters: 100 kB takes two of them.
                text = text[:100_000]
                comments = [
                    make_comment(self.article, body=text[:50_000]),
                    make_comment(self.article, body=text[50_000:]),
                ]
                started = time.perf_counter()
                response = self.client.get(self.article.get_absolute_url())
                elapsed = time.perf_counter() - started
                self.assertEqual(response.status_code, 200)
                self.assertLess(elapsed, 1.0)
                self.assertNotIn(b"<a<a", response.content)
                self.assertNotIn(b"<b><i><b>", response.content)
                for comment in comments:
                    comment.delete()

    def test_pathological_comment_posted_gets_an_answer_fast(self):
        """Posting it is a redirect or a form error in under a second, never a 500."""
        url = reverse("articles:comment-create", args=[self.article.slug])
        for name, text in PATHOLOGICAL.items():
            with self.subTest(input=name):
                started = time.perf_counter()
                response = self.client.post(url, valid_comment(self.article) | {"body": text})
                elapsed = time.perf_counter() - started
                self.assertIn(response.status_code, {200, 302})
                self.assertLess(elapsed, 1.0)
                if response.status_code == 200:
                    self.assertContains(response, 'aria-invalid="true"')
