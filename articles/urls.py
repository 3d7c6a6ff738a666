from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path(
        "articles/<slug:slug>/comment/",
        views.CommentCreateView.as_view(),
        name="comment-create",
    ),
    path("tags/<slug:slug>/", views.TagArticleListView.as_view(), name="tag-detail"),
]
