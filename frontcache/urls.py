from django.urls import path

from . import esi

app_name = "frontcache"

# Only Varnish asks for these (its VCL refuses them to clients), for each reader of a page.
urlpatterns = [
    path("_esi/<slug:kind>/", esi.fragment, name="fragment"),
    path("_esi/<slug:kind>/<int:arg>/", esi.fragment, name="fragment"),
]
