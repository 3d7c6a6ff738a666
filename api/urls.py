from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("tags", views.TagViewSet, basename="tag")
router.register("comments", views.CommentViewSet, basename="comment")
router.register("companies", views.CompanyViewSet, basename="company")
router.register("authors", views.AuthorViewSet, basename="author")
router.register("figures", views.KeyFigureViewSet, basename="keyfigure")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
    path("", include(router.urls)),
]
