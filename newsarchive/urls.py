from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Business News Archive"
admin.site.site_title = "Archive admin"
admin.site.index_title = "Archive administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]
