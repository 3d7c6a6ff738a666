from django.urls import path

from pagecache import public_page

from . import views

app_name = "citations"

urlpatterns = [
    path(
        "articles/<slug:slug>/cite/<slug:format>/",
        public_page(views.CitationDownloadView.as_view()),
        name="download",
    ),
]
