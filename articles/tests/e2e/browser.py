"""The browser harness: Debian's Chromium driven by Playwright against a live test server.

Every browser test class extends BrowserTestCase. It starts the live server (Django's
StaticLiveServerTestCase, so static files are served from their source folders), launches
Chromium headless with a fresh temporary profile, and gives each test a helper to open
pages, save screenshots and run the accessibility and HTML checks. Anything missing on the
machine (the Playwright package, the browser, Node's packages, Java) skips the classes that
need it, before their set-up, with a reason that says what to install.
"""

import json
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.test import override_settings

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - only on a machine without requirements-dev.txt
    sync_playwright = None

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}

# Timeouts in milliseconds: generous for a shared CI machine, short enough to fail fast.
TIMEOUT = 15_000


def browser_missing_reason():
    if sync_playwright is None:
        return "the playwright package is not installed (make install)"
    if not CHROMIUM.exists():
        return f"no browser at {CHROMIUM} (apt-get install chromium)"
    return None


def axe_missing_reason():
    if not AXE_JS.exists():
        return "axe-core is not installed (npm ci in the project folder)"
    return None


def vnu_missing_reason():
    if not VNU_JAR.exists():
        return "vnu-jar is not installed (npm ci in the project folder)"
    if not shutil.which("java"):
        return "no java on PATH for the Nu HTML Checker (apt-get install default-jre-headless)"
    return None


def skip_if_missing(reason, what):
    """Skip a whole class, before its set-up, when `reason` says what the machine lacks."""
    return unittest.skipIf(reason is not None, f"{what} skipped: {reason}.")


# A browser fills a form in milliseconds and posts every comment from 127.0.0.1: the
# anti-bot minimum time and the flood window (tested in test_comments_spam.py) are off here.
@pytest.mark.e2e
@skip_if_missing(browser_missing_reason(), "Browser tests")
@override_settings(COMMENTS_MIN_SUBMIT_SECONDS=0, COMMENTS_FLOOD_SECONDS=0)
class BrowserTestCase(StaticLiveServerTestCase):
    """A live server and a headless Chromium shared by the tests of one class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Playwright's synchronous API runs its own event loop in this thread, and Django
        # refuses ORM calls while a loop runs here. The loop only drives the browser (the
        # server answers from its own thread), so the check is lifted for these classes only.
        cls._async_unsafe_before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        # Playwright gives every launch a new, temporary profile; HOME points at an empty
        # folder as well, so nothing of the machine's own Chromium settings is read.
        cls._profile = tempfile.TemporaryDirectory(prefix="newsarchive-chromium-")
        cls.playwright = sync_playwright().start()
        try:
            cls.browser = cls.playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROMIUM_ARGS,
                env={**os.environ, "HOME": cls._profile.name},
            )
        except Exception:
            cls._stop_playwright()
            super().tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls._stop_playwright()
        super().tearDownClass()

    @classmethod
    def _stop_playwright(cls):
        if getattr(cls, "browser", None):
            cls.browser.close()
        cls.playwright.stop()
        cls._profile.cleanup()
        if cls._async_unsafe_before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls._async_unsafe_before

    def setUp(self):
        super().setUp()
        self.contexts = []
        self.outside_requests = []
        self.console_errors = []
        self.expected_error_urls = set()

    def tearDown(self):
        for context in self.contexts:
            context.close()
        super().tearDown()

    # Pages ---------------------------------------------------------------------------

    def new_page(self, viewport=DESKTOP, **context_options):
        """A page in a new browser context (its own cookies), watched for outside requests."""
        context = self.browser.new_context(viewport=viewport, **context_options)
        context.set_default_timeout(TIMEOUT)
        self.contexts.append(context)
        page = context.new_page()
        page.on("request", self._watch_request)
        page.on("console", self._watch_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        return page

    def _watch_request(self, request):
        if not request.url.startswith((self.live_server_url, "data:", "about:")):
            self.outside_requests.append(request.url)

    def _watch_console(self, message):
        url = message.location.get("url", "")
        # A page opened for its error status (a 404 page, say) logs that status.
        if message.type == "error" and url not in self.expected_error_urls:
            self.console_errors.append(f"{message.text} ({url})")

    def url(self, path):
        return self.live_server_url + path

    def open(self, page, path, status=200):
        if status >= 400:
            self.expected_error_urls.add(self.url(path))
        response = page.goto(self.url(path))
        self.assertEqual(response.status, status, f"{path} answered {response.status}")
        return response

    def h1(self, page):
        """The page's main heading as written (inner_text would apply CSS text-transform)."""
        return page.get_by_role("heading", level=1).text_content().strip()

    def assert_page_was_self_contained(self):
        """No request left the site (no CDN, font or script from elsewhere) and no JS error."""
        self.assertEqual(self.outside_requests, [], "requests to other origins")
        self.assertEqual(self.console_errors, [], "errors in the browser console")

    # Screenshots ---------------------------------------------------------------------

    def screenshot(self, page, name):
        """Save the page at desktop and phone widths, light and dark, under test-artifacts/."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        viewport = page.viewport_size
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
                page.set_viewport_size(size)
                suffix = "" if scheme == "light" else "-dark"
                page.screenshot(path=SCREENSHOTS / f"{name}-{label}{suffix}.png", full_page=True)
        page.emulate_media(color_scheme="light")
        page.set_viewport_size(viewport)

    def set_color_scheme(self, page, scheme):
        """Emulate a light or dark system scheme, and wait for colours to finish changing.

        The admin's links fade to a new colour (a CSS transition): checked mid-way, a link
        still has its old colour on the new background."""
        page.emulate_media(color_scheme=scheme)
        page.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running')"
        )

    # Accessibility and validity ------------------------------------------------------

    def assert_no_axe_violations(self, page, label):
        """axe-core's full rule set (WCAG A/AA and best practices) finds nothing, any impact.

        The class skips without axe-core: @skip_if_missing(axe_missing_reason(), ...)."""
        # Evaluated through the DevTools protocol rather than a <script> tag, so the site's
        # Content-Security-Policy stays in force for the page under test.
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        report = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in violations
        ]
        self.assertEqual(report, [], f"axe-core violations on {label}")


def nu_html_errors(documents):
    """Run the Nu HTML Checker once over {label: html} and return its errors by label.

    Its callers' classes skip without it: @skip_if_missing(vnu_missing_reason(), ...)."""
    with tempfile.TemporaryDirectory(prefix="newsarchive-vnu-") as folder:
        files = {}
        for n, (label, html) in enumerate(documents.items()):
            path = Path(folder) / f"page{n}.html"
            path.write_text(html, encoding="utf-8")
            files[path] = label
        result = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
            + [str(path) for path in files],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    errors = {label: [] for label in documents}
    for message in messages:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            name = message.get("url", "").rsplit("/", 1)[-1]
            label = next((v for k, v in files.items() if k.name == name), name)
            errors.setdefault(label, []).append(
                f"line {message.get('lastLine')}: {message.get('message')}"
            )
    return {label: found for label, found in errors.items() if found}
