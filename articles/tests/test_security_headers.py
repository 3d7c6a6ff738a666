"""Security headers and the Content-Security-Policy, on public pages and in the admin."""

from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import timezone

from .factories import make_article, make_comment
from .test_bad_input import PAGES
from .test_settings import run_manage


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, style blocks and attributes."""

    def __init__(self, nonce=None):
        super().__init__()
        self.found = []
        self.nonce = nonce
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs:
            # JSON data blocks (JSON-LD included) are never executed, so CSP allows them;
            # so does it a script carrying the response's nonce (the editor's import map).
            data_types = {"application/json", "application/ld+json"}
            allowed = self.nonce is not None and attrs.get("nonce") == self.nonce
            self._in_inline_script = attrs.get("type") not in data_types and not allowed
        if tag == "style":
            self.found.append("<style>")
        if "style" in attrs:
            self.found.append(f'<{tag} style="{attrs["style"]}">')
        self.found.extend(f"<{tag} {name}=...>" for name in attrs if name.startswith("on"))
        if any((value or "").strip().lower().startswith("javascript:") for value in attrs.values()):
            self.found.append(f"<{tag} ...javascript: URL>")

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def inline_code(html, nonce=None):
    finder = InlineCodeFinder(nonce)
    finder.feed(html)
    return finder.found


class CspTestMixin:
    def assert_strict_csp(self, response, allow_nonce=False):
        policy = response["Content-Security-Policy"]
        directives = {
            part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()
        }
        self.assertEqual(directives["default-src"], ["'self'"])
        self.assertEqual(directives["object-src"], ["'none'"])
        self.assertEqual(directives["base-uri"], ["'none'"])
        self.assertEqual(directives["frame-ancestors"], ["'none'"])
        # A page may allow one inline script by a nonce of its own (never on public pages).
        script_src = directives["script-src"]
        self.assertEqual(script_src[0], "'self'")
        nonces = [source[len("'nonce-") : -1] for source in script_src[1:]]
        self.assertEqual(len(nonces), len(script_src) - 1)
        self.assertTrue(all(source.startswith("'nonce-") for source in script_src[1:]))
        self.assertLessEqual(len(nonces), 1 if allow_nonce else 0)
        self.assertNotIn("unsafe-inline", policy)
        self.assertNotIn("unsafe-eval", policy)
        if response.get("Content-Type", "").startswith("text/html"):
            nonce = nonces[0] if nonces else None
            self.assertEqual(inline_code(response.content.decode(), nonce), [])


class PublicHeadersTests(CspTestMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        # The bad-input suite's fixture, so its table of every public page applies.
        cls.article = make_article(title="Oil price climbs", tags=["Energy"])
        make_comment(cls.article)
        published = timezone.localtime(cls.article.published_at)
        cls.article_date = (published.year, published.month, published.day)

    def test_every_public_page_has_a_strict_csp_and_no_inline_code(self):
        """CSP on every page, feed and error page; no inline script, style or handler."""
        urls = {name: url(self) for name, url in PAGES.items()}
        urls |= {"404": "/no-such-page/", "400": "/?q=%00", "form with errors": None}
        for name, url in urls.items():
            with self.subTest(page=name):
                if url is None:
                    response = self.client.post(
                        reverse("articles:comment-create", args=[self.article.slug]), {}
                    )
                else:
                    response = self.client.get(url)
                self.assertLess(response.status_code, 500)
                self.assert_strict_csp(response)

    def test_security_headers_are_sent(self):
        """nosniff, DENY framing, same-origin referrer and opener policies, no device access."""
        response = self.client.get(reverse("articles:article-list"))
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
        self.assertIn("camera=()", response["Permissions-Policy"])
        self.assertIn("geolocation=()", response["Permissions-Policy"])

    def test_hsts_of_at_least_a_year_over_https(self):
        response = self.client.get(reverse("articles:article-list"), secure=True)
        max_age = int(response["Strict-Transport-Security"].split("max-age=")[1].split(";")[0])
        self.assertGreaterEqual(max_age, 365 * 24 * 3600)
        self.assertIn("includeSubDomains", response["Strict-Transport-Security"])

    def test_no_server_or_version_header_from_the_app(self):
        response = self.client.get(reverse("articles:article-list"))
        for header in ("Server", "X-Powered-By", "X-Django-Version"):
            self.assertNotIn(header, response.headers)

    def test_static_files_carry_csp_and_nosniff_too(self):
        response = self.client.get("/static/css/site.css")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("default-src 'self'", response["Content-Security-Policy"])


class AdminUnderCspTests(CspTestMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser(
            "chief", "chief@example.com", "a-long-test-password"
        )
        cls.article = make_article(tags=["Energy"])
        cls.comment = make_comment(cls.article)

    def test_login_page_works_under_the_policy(self):
        response = self.client.get(reverse("admin:login"))
        self.assertEqual(response.status_code, 200)
        self.assert_strict_csp(response)

    def test_admin_pages_need_no_inline_code(self):
        """Index, change lists and change/add forms only load scripts from our origin."""
        self.client.force_login(self.admin)
        urls = [
            reverse("admin:index"),
            reverse("admin:articles_article_changelist"),
            reverse("admin:articles_article_add"),
            reverse("admin:articles_article_change", args=[self.article.pk]),
            reverse("admin:articles_comment_changelist"),
            reverse("admin:articles_comment_change", args=[self.comment.pk]),
            reverse("admin:auth_user_changelist"),
            reverse("admin:axes_accessattempt_changelist"),
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assert_strict_csp(response, allow_nonce=True)


class PolicyByEnvironmentTests(SimpleTestCase):
    def csp_directives(self, env):
        script = (
            "from django.conf import settings; "
            "print(sorted(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']))"
        )
        result = run_manage("shell", "-c", script, env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.strip().splitlines()[-1]

    def test_https_sites_upgrade_insecure_requests(self):
        """With HTTPS enforced, http:// references are upgraded; over plain HTTP they are not."""
        production = {"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "news.example.com"}
        self.assertIn("upgrade-insecure-requests", self.csp_directives(production))
        plain = production | {"SECURE_SSL_REDIRECT": "0"}
        self.assertNotIn("upgrade-insecure-requests", self.csp_directives(plain))
