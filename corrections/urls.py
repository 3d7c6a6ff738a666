from django.urls import path

from pagecache import public_page

from . import feeds, views

app_name = "corrections"

urlpatterns = [
    path("corrections/", public_page(views.CorrectionListView.as_view()), name="correction-list"),
    path("corrections/feed/", public_page(feeds.CorrectionsFeed()), name="correction-feed"),
]
