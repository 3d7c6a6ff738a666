"""Requests leave no reference cycles, and gunicorn's workers keep the loaded app out of the
garbage collector's passes: the two causes of the benchmarks' slow tail."""

import gc
import io
import runpy
from contextlib import contextmanager

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from newsarchive.requestcycles import ReleaseRequestMiddleware

from .factories import make_article, make_comment
from .test_settings import ROOT


def cyclic_garbage_after(requests):
    """The objects only the cyclic collector could free, after running ``requests()``."""
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        requests()
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def wsgi_get(handler, path):
    """A GET as gunicorn makes it: the WSGI app called, the body read, the response closed."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }
    status = []
    with connection_kept_open():
        result = handler(environ, lambda s, headers, exc_info=None: status.append(s))
        try:
            b"".join(result)
        finally:
            result.close()
    return status[0]


@contextmanager
def connection_kept_open():
    """As Django's test client does: a request must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@override_settings(PAGE_CACHE_TIMEOUT=600)
class RequestCycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Lithium glut", tags=["Mining"])
        make_comment(cls.article, body="Prices will turn.")

    def cached_hits(self):
        """Renders and stores two pages; returns a function that serves them 5 times each."""
        handler = WSGIHandler()  # built once, as in a worker (building one makes cycles)
        paths = [reverse("articles:article-list"), self.article.get_absolute_url()]
        for path in paths:
            self.assertEqual(wsgi_get(handler, path), "200 OK")
        return lambda: [self.assertEqual(wsgi_get(handler, path), "200 OK") for path in paths * 5]

    def test_a_cached_page_leaves_nothing_for_the_garbage_collector(self):
        self.assertEqual(
            settings.MIDDLEWARE[0], "newsarchive.requestcycles.ReleaseRequestMiddleware"
        )
        self.assertEqual(cyclic_garbage_after(self.cached_hits()), [])

    def test_without_the_middleware_every_request_is_left_to_the_collector(self):
        """The test above can fail: Django's own middleware makes the cycles."""
        with override_settings(MIDDLEWARE=settings.MIDDLEWARE[1:]):
            garbage = cyclic_garbage_after(self.cached_hits())
        self.assertEqual(len([o for o in garbage if type(o) is WSGIRequest]), 10)

    def test_the_release_waits_for_the_response_to_be_closed(self):
        seen = {}

        def view(request):
            request.user = "someone"
            seen["request"] = request
            return HttpResponse("ok")

        response = ReleaseRequestMiddleware(view)(RequestFactory().get("/"))
        self.assertEqual(seen["request"].user, "someone")
        with connection_kept_open():
            response.close()
        self.assertFalse(hasattr(seen["request"], "user"))


class GunicornGarbageCollectorTests(SimpleTestCase):
    def test_workers_freeze_the_loaded_app_and_collect_less_often(self):
        config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        threshold = gc.get_threshold()
        self.addCleanup(gc.set_threshold, *threshold)
        self.addCleanup(gc.unfreeze)
        config["post_worker_init"](None)
        self.assertGreater(gc.get_freeze_count(), 10_000)
        self.assertEqual(gc.get_threshold(), (50_000, threshold[1], threshold[2]))
