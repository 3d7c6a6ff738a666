from django.urls import path, register_converter

from . import converters, feeds, views
from .comments import views as comment_views

app_name = "articles"

register_converter(converters.YearConverter, "year")
register_converter(converters.MonthDayConverter, "md")

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article-list"),
    # The permanent address of an article: /articles/<slug>/. A changed slug leaves a 301.
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path(
        "articles/<slug:slug>/comment/",
        comment_views.CommentCreateView.as_view(),
        name="comment-create",
    ),
    path(
        "articles/<slug:slug>/comments/feed/",
        feeds.ArticleCommentsFeed(),
        name="article-comments-feed",
    ),
    path("comments/feed/", feeds.LatestCommentsFeed(), name="comments-feed"),
    path("comments/<int:pk>/", comment_views.comment_permalink, name="comment-permalink"),
    path(
        "comments/unsubscribe/<str:token>/",
        comment_views.unsubscribe,
        name="comment-unsubscribe",
    ),
    path("tags/", views.TagIndexView.as_view(), name="tag-index"),
    # taggit keeps non-Latin letters in tag slugs ("Κάποιος" stays Greek): <str>, not <slug>.
    path("tags/<str:slug>/", views.TagArticleListView.as_view(), name="tag-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    # Only digits match these, so no other root path (admin/, tags/, feeds/...) is taken.
    path("<year:year>/", views.YearArchiveView.as_view(), name="archive-year"),
    path("<year:year>/<md:month>/", views.MonthArchiveView.as_view(), name="archive-month"),
    path(
        "<year:year>/<md:month>/<md:day>/",
        views.DayArchiveView.as_view(),
        name="archive-day",
    ),
    path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("feeds/rss/", feeds.LatestArticlesRssFeed(), name="feed-rss"),
    path("feeds/tags/<str:slug>/atom/", feeds.TagArticlesAtomFeed(), name="tag-feed-atom"),
    path("feeds/tags/<str:slug>/rss/", feeds.TagArticlesRssFeed(), name="tag-feed-rss"),
]
