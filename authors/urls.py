from django.urls import path

from pagecache import public_page

from . import feeds, views

app_name = "authors"

urlpatterns = [
    path(
        "authors/<slug:slug>/",
        public_page(views.AuthorDetailView.as_view()),
        name="author-detail",
    ),
    path(
        "authors/<slug:slug>/feed/",
        public_page(feeds.AuthorArticlesFeed()),
        name="author-feed",
    ),
]
