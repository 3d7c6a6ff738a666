"""The site's URLs plus the framework floor: the cheapest page Django can serve.

The floor goes through every middleware the site has, so the ratio of a page's speed to
the floor's is what the page itself costs. It lives here, not in the app: the benchmark
runner serves the site with ``ROOT_URLCONF=bench.urls``.
"""

from django.http import HttpResponse
from django.urls import path

from newsarchive.urls import urlpatterns as site_urlpatterns


def floor(request):
    return HttpResponse("<!doctype html><title>Floor</title><p>The framework floor.</p>")


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *site_urlpatterns]
