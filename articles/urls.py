from django.urls import path

from . import feeds, views
from .comments import views as comment_views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article-list"),
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
    # taggit keeps non-Latin letters in tag slugs ("Κάποιος" stays Greek): <str>, not <slug>.
    path("tags/<str:slug>/", views.TagArticleListView.as_view(), name="tag-detail"),
]
