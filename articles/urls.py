from django.urls import path, register_converter

from pagecache import public_page

from . import converters, feeds, preview, views
from .comments import views as comment_views

app_name = "articles"

register_converter(converters.YearConverter, "year")
register_converter(converters.MonthDayConverter, "md")

urlpatterns = [
    path("", public_page(views.ArticleListView.as_view()), name="article-list"),
    # The permanent address of an article: /articles/<slug>/. A changed slug leaves a 301.
    path(
        "articles/<slug:slug>/",
        public_page(views.ArticleDetailView.as_view()),
        name="article-detail",
    ),
    path(
        "articles/<slug:slug>/comment/",
        comment_views.CommentCreateView.as_view(),
        name="comment-create",
    ),
    path(
        "articles/<slug:slug>/comments/feed/",
        public_page(feeds.ArticleCommentsFeed()),
        name="article-comments-feed",
    ),
    # Never through public_page: a preview is never cached.
    path("preview/<str:token>/", preview.SharedPreviewView.as_view(), name="preview-share"),
    path("comments/feed/", public_page(feeds.LatestCommentsFeed()), name="comments-feed"),
    path("comments/<int:pk>/", comment_views.comment_permalink, name="comment-permalink"),
    path(
        "comments/unsubscribe/<str:token>/",
        comment_views.unsubscribe,
        name="comment-unsubscribe",
    ),
    path("tags/", public_page(views.TagIndexView.as_view()), name="tag-index"),
    # taggit keeps non-Latin letters in tag slugs ("Κάποιος" stays Greek): <str>, not <slug>.
    path("tags/<str:slug>/", public_page(views.TagArticleListView.as_view()), name="tag-detail"),
    path("search/", public_page(views.SearchView.as_view()), name="search"),
    path("archive/", public_page(views.ArchiveIndexView.as_view()), name="archive"),
    # Only digits match these, so no other root path (admin/, tags/, feeds/...) is taken.
    path("<year:year>/", public_page(views.YearArchiveView.as_view()), name="archive-year"),
    path(
        "<year:year>/<md:month>/",
        public_page(views.MonthArchiveView.as_view()),
        name="archive-month",
    ),
    path(
        "<year:year>/<md:month>/<md:day>/",
        public_page(views.DayArchiveView.as_view()),
        name="archive-day",
    ),
    path("feeds/atom/", public_page(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path("feeds/rss/", public_page(feeds.LatestArticlesRssFeed()), name="feed-rss"),
    path(
        "feeds/tags/<str:slug>/atom/",
        public_page(feeds.TagArticlesAtomFeed()),
        name="tag-feed-atom",
    ),
    path(
        "feeds/tags/<str:slug>/rss/", public_page(feeds.TagArticlesRssFeed()), name="tag-feed-rss"
    ),
]
