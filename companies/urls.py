from django.urls import path

from pagecache import public_page

from . import feeds, views

app_name = "companies"

urlpatterns = [
    path("", public_page(views.CompanyIndexView.as_view()), name="company-index"),
    path("<slug:slug>/", public_page(views.CompanyDetailView.as_view()), name="company-detail"),
    path(
        "<slug:slug>/feed/",
        public_page(feeds.CompanyArticlesAtomFeed()),
        name="company-feed-atom",
    ),
]
