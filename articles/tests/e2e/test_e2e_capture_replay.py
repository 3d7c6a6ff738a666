"""An original capture replayed in Chromium: the page shows, and nothing in it runs."""

import datetime

from django.contrib.auth import get_user_model

from articles.tests.factories import make_article
from captures.models import Capture
from captures.saving import CaptureData, save_captures

from .browser import BrowserTestCase
from .test_e2e_reader import STAFF_PASSWORD, log_in_to_admin

# A captured page that tries everything a hostile page would: an inline script, a script
# from our own origin, an inline handler, a form posting back, a request to our pages.
HOSTILE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Captured page</title>
<script>
  document.title = "inline script ran";
  fetch("/").then(() => { document.title = "fetch ran"; });
  try { localStorage.setItem("captured", "1"); } catch (e) {}
</script>
<script src="{origin}/static/js/anything.js"></script>
<link rel="stylesheet" href="{origin}/static/css/site.css">
</head><body>
<h1 id="headline">The captured article</h1>
<p style="color: rgb(200, 0, 0)" id="styled">Inline style is allowed.</p>
<img src="data:," onerror="document.getElementById('headline').textContent = 'handler ran'">
<img src="https://tracker.example/pixel.gif" alt="">
<form action="/" method="post"><input name="q"><button id="send">Send</button></form>
<script>document.body.insertAdjacentHTML("beforeend", "<p id='marker'>ran</p>")</script>
</body></html>"""


class CaptureReplayTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        get_user_model().objects.create_user("editor", password=STAFF_PASSWORD, is_staff=True)
        article = make_article(title="Steel output rises")
        save_captures(
            [
                (
                    article,
                    CaptureData(
                        raw=HOSTILE_PAGE.replace("{origin}", self.live_server_url).encode(),
                        content_type="text/html; charset=utf-8",
                        captured_at=datetime.datetime(2020, 4, 5, tzinfo=datetime.UTC),
                        capture_format=Capture.Format.HTML,
                    ),
                )
            ]
        )
        self.capture = Capture.objects.get()

    def test_no_script_runs_and_nothing_is_fetched(self):
        admin = self.new_page()
        log_in_to_admin(self, admin, "editor")
        # A fresh tab in the signed-in browser, so that only the capture's requests are seen.
        staff = admin.context.new_page()
        answered, refused = [], {}
        staff.on("response", lambda response: answered.append(response.url))
        staff.on("requestfailed", lambda request: refused.update({request.url: request.failure}))
        self.open(staff, self.capture.get_absolute_url())
        staff.wait_for_load_state("load")

        # The page is shown as captured...
        self.assertEqual(staff.locator("#headline").text_content(), "The captured article")
        self.assertEqual(
            staff.locator("#styled").evaluate("e => getComputedStyle(e).color"),
            "rgb(200, 0, 0)",
        )
        # ...but none of its scripts or handlers ran,
        self.assertEqual(staff.title(), "Captured page")
        self.assertEqual(staff.locator("#marker").count(), 0)
        # it runs in an opaque origin (no access to our storage or cookies),
        self.assertEqual(staff.evaluate("window.origin"), "null")
        # and it fetched nothing: not our scripts or styles, not the tracker (the browser
        # refuses them; only the page itself, and the browser's own favicon, are answered).
        page_url = self.url(self.capture.get_absolute_url())
        self.assertEqual([url for url in answered if "favicon" not in url], [page_url])
        # (A sandboxed page without scripts does not even ask for its script.)
        for url in [self.url("/static/css/site.css"), "https://tracker.example/pixel.gif"]:
            self.assertEqual(refused.get(url), "csp", url)
        # Its form cannot be sent either (sandbox without allow-forms).
        staff.locator("#send").click()
        self.assertEqual(staff.url, page_url)

    def test_readers_cannot_open_it(self):
        reader = self.new_page()
        response = reader.goto(self.url(self.capture.get_absolute_url()))
        self.assertIn("login", response.url)
