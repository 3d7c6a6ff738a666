"""After a change, one request renders a page while the others for it wait for its result,
and a waiter never takes a page that is stale for it.

The first request runs in a thread and stops inside its render; the second runs here,
and its wait (renderlock.pause) lets the first finish before it looks again: the order is
fixed by events, not by time.
"""

import threading
from unittest import mock

from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase, override_settings

import pagecache
from pagecache import renderlock, versions

# How long a step may take before the test gives up (a failure, never a wait for time).
STEP = 10


class SlowPage:
    """A public page whose first render stops until the test lets it go on."""

    def __init__(self):
        self.renders = 0
        self.value = "first"
        self.status = 200
        self.blocking = {1}
        self.rendering = threading.Event()
        self.go_on = threading.Event()
        self.view = pagecache.public_page(self._view)

    def _view(self, request):
        self.renders += 1
        value = self.value
        pagecache.depends_on("thing:1")
        if self.renders in self.blocking:
            self.rendering.set()
            assert self.go_on.wait(STEP), "the test never let the first render go on"
        return HttpResponse(f"<p>{value}</p>", status=self.status)


@override_settings(
    PAGE_CACHE_TIMEOUT=600,
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)
class RenderLockTests(SimpleTestCase):
    def setUp(self):
        cache.clear()
        pagecache.local_copies.clear()
        self.addCleanup(pagecache.local_copies.clear)
        # No data app's timed changes (they read the database): none are due.
        patcher = mock.patch(
            "pagecache.pages.timed.next_change",
            lambda last=None: (0, last or versions.last_change()),
        )
        patcher.start()
        self.addCleanup(patcher.stop)
        self.page = SlowPage()
        self.first = {}

    def request(self):
        return RequestFactory().get("/slow/")

    def start_first_render(self):
        def run():
            self.first["response"] = self.page.view(self.request())

        thread = threading.Thread(target=run)
        thread.start()
        self.addCleanup(thread.join, STEP)
        self.assertTrue(self.page.rendering.wait(STEP))
        return thread

    def second_request_waiting_for(self, thread):
        """The second request; its first pause lets the first render finish."""
        pauses = []

        def pause(seconds):
            pauses.append(seconds)
            self.page.go_on.set()
            thread.join(STEP)

        with mock.patch.object(renderlock, "pause", pause):
            response = self.page.view(self.request())
        self.assertFalse(thread.is_alive())
        self.assertTrue(pauses, "the second request did not wait for the first render")
        return response

    def test_two_requests_at_once_render_the_page_once(self):
        """The second request waits for the first one's render and is served its page."""
        thread = self.start_first_render()
        second = self.second_request_waiting_for(thread)
        self.assertEqual(self.page.renders, 1)
        self.assertEqual(second.content, b"<p>first</p>")
        self.assertEqual(second["X-Page-Cache"], "hit")
        self.assertEqual(self.first["response"]["X-Page-Cache"], "miss")

    def test_a_waiter_renders_again_when_the_data_changed_during_the_render(self):
        """The first render read the data before a change: it is not stored, and the
        request that waited for it renders the page itself, with the change."""
        thread = self.start_first_render()
        self.page.value = "second"
        pagecache.touch({"thing:1"})
        second = self.second_request_waiting_for(thread)
        self.assertEqual(self.first["response"].content, b"<p>first</p>")
        self.assertEqual(second.content, b"<p>second</p>")
        self.assertEqual(self.page.renders, 2)
        # Stored this time: a third request is a hit.
        third = self.page.view(self.request())
        self.assertEqual((third["X-Page-Cache"], third.content), ("hit", b"<p>second</p>"))

    @override_settings(PAGE_CACHE_RENDER_WAIT=0)
    def test_a_waiter_renders_itself_once_its_wait_is_over(self):
        """A render that holds the lock for too long (a stuck worker, say) does not hold up
        the others past PAGE_CACHE_RENDER_WAIT: they render the page themselves."""
        thread = self.start_first_render()
        second = self.page.view(self.request())
        self.assertEqual(second["X-Page-Cache"], "miss")
        self.assertEqual(second.content, b"<p>first</p>")
        self.assertEqual(self.page.renders, 2)
        self.page.go_on.set()
        thread.join(STEP)
        self.assertFalse(thread.is_alive())

    def test_the_lock_is_released_when_the_render_fails(self):
        """A view that raises leaves no lock behind: the next request renders at once."""
        calls = []

        def view(request):
            calls.append(request)
            if len(calls) == 1:
                raise RuntimeError("the view failed")
            return HttpResponse("<p>fine</p>")

        page = pagecache.public_page(view)
        with self.assertRaises(RuntimeError):
            page(self.request())

        def pause(seconds):
            raise AssertionError("waited for a lock nobody holds")

        with mock.patch.object(renderlock, "pause", pause):
            response = page(self.request())
        self.assertEqual((response["X-Page-Cache"], response.content), ("miss", b"<p>fine</p>"))

    def test_requests_for_a_page_never_stored_do_not_queue(self):
        """A response the cache does not keep (a 404) cannot be handed on: the request that
        waited for it renders at once, and so do those that come next, without waiting."""
        self.page.status = 404
        thread = self.start_first_render()
        second = self.second_request_waiting_for(thread)
        self.assertEqual(self.first["response"].status_code, 404)
        self.assertEqual(second.status_code, 404)
        self.assertEqual(self.page.renders, 2)

        def pause(seconds):
            raise AssertionError("waited for a render that is never stored")

        # A third request renders (and stops there); a fourth meanwhile does not wait for it.
        self.page.rendering.clear()
        self.page.go_on.clear()
        self.page.blocking = {3}
        thread = self.start_first_render()
        with mock.patch.object(renderlock, "pause", pause):
            fourth = self.page.view(self.request())
        self.page.go_on.set()
        thread.join(STEP)
        self.assertEqual((fourth.status_code, self.page.renders), (404, 4))
