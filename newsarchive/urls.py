from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles import views
from articles.sitemaps import SITEMAPS as ARCHIVE_SITEMAPS
from companies.sitemaps import CompanySitemap
from images.views import media
from pagecache import public_page

from .health import healthz

admin.site.site_header = "Business News Archive"
admin.site.site_title = "Archive admin"
admin.site.index_title = "Archive administration"

SITEMAPS = {**ARCHIVE_SITEMAPS, "companies": CompanySitemap}

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("robots.txt", public_page(views.robots_txt), name="robots-txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    # An index of sections, each split into pages of at most 50,000 addresses.
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("healthz", healthz, name="healthz"),
    path("", include("frontcache.urls")),
    path("api/v1/", include("api.urls")),
    path("", include("citations.urls")),
    path("companies/", include("companies.urls")),
    # Original web captures, replayed to staff under their own sandboxing policy.
    path("captures/", include("captures.urls")),
    path("", include("authors.urls")),
    path("", include("corrections.urls")),
    path("", include("articles.urls")),
]
if settings.MEDIA_URL.startswith("/"):
    # Answers only when IMAGES_SERVE_MEDIA is on (`make run`); see images/views.py.
    urlpatterns.insert(
        -1, path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media, name="media")
    )

# A database outage outside a view (a session saved on the way out, say) is still a 503.
handler500 = "articles.errors.server_error"
