from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Business News Archive"
admin.site.site_title = "Archive admin"
admin.site.index_title = "Archive administration"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("articles.urls")),
]

# A database outage outside a view (a session saved on the way out, say) is still a 503.
handler500 = "articles.errors.server_error"
