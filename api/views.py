"""/api/v1/: read-only views over published articles, their tags, approved comments, the
companies they are confirmed to be about, their authors and their key figures."""

import functools

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.pagination import CursorPagination
from taggit.models import Tag

from articles.models import Article, Comment, TaggedArticle, published_between
from authors.models import Author, Byline
from companies.models import ArticleCompany, Company
from figures.models import KeyFigure

from . import serializers
from .filters import ArticleFilters, CommentFilters, FigureFilters


class Cursor(CursorPagination):
    """Opaque next/previous links: stable while articles are added, cheap at any depth."""

    page_size = 20
    page_size_query_param = "limit"
    max_page_size = 100


class NewestFirst(Cursor):
    ordering = ("-published_at", "-id")


class ConditionalGet:
    """An ETag on every answer, and 304 Not Modified when the client already holds it."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization"])
        return response

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response


def checked(filters_class, request):
    filters = filters_class(data=request.query_params)
    filters.is_valid(raise_exception=True)
    return filters.validated_data


@extend_schema(parameters=[ArticleFilters])
class ArticleViewSet(ConditionalGet, viewsets.ReadOnlyModelViewSet):
    """Published articles, newest first."""

    lookup_field = "slug"
    pagination_class = NewestFirst

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.ArticleSummarySerializer
        return serializers.ArticleSerializer

    def get_queryset(self):
        articles = Article.objects.published()
        if self.action != "list":
            return with_links(articles)
        filters = checked(ArticleFilters, self.request)
        articles = published_between(articles, filters.get("since"), filters.get("until"))
        if "tag" in filters:
            articles = articles.filter(tags__slug=filters["tag"])
        if "author" in filters:
            articles = articles.filter(bylines__author__slug=filters["author"])
        if "company" in filters:
            articles = articles.filter(Exists(about(filters["company"])))
        if filters.get("currency"):
            deals = KeyFigure.objects.deals(filters["currency"], filters.get("min"))
            articles = articles.filter(pk__in=deals.values("article"))
        if filters.get("q", "").strip():
            articles = articles.search(filters["q"]).all_matches()
        return with_links(articles).defer("body", "body_html")


def about(company_slug, article="pk"):
    """The confirmed link of the outer query's article (that field of it) to this company,
    for Exists()."""
    return ArticleCompany.objects.confirmed().filter(
        article=OuterRef(article), company__slug=company_slug
    )


def with_links(articles):
    """Tags, authors and confirmed companies in three queries, however many articles."""
    return articles.prefetch_related(
        "tags",
        Prefetch(
            "bylines",
            queryset=Byline.objects.select_related("author").only(
                "article", "position", "author__name", "author__slug"
            ),
        ),
        Prefetch(
            "company_links",
            queryset=ArticleCompany.objects.confirmed()
            .select_related("company")
            .only("article", "company__name", "company__slug")
            .order_by("company__name"),
            to_attr="confirmed_links",
        ),
    )


class TagViewSet(ConditionalGet, viewsets.ReadOnlyModelViewSet):
    """Tags of at least one published article, by name."""

    lookup_field = "slug"
    serializer_class = serializers.TagSerializer
    pagination_class = type("ByName", (Cursor,), {"ordering": ("name",)})

    def get_queryset(self):
        # EXISTS stops at a tag's first published article; a join would visit them all.
        tagged = TaggedArticle.objects.filter(
            tag=OuterRef("pk"), content_object__in=Article.objects.published()
        )
        return Tag.objects.filter(Exists(tagged))


@extend_schema(parameters=[CommentFilters])
class CommentViewSet(ConditionalGet, viewsets.ReadOnlyModelViewSet):
    """Approved comments on published articles, newest first."""

    serializer_class = serializers.CommentSerializer
    pagination_class = type("NewestComments", (Cursor,), {"ordering": ("-created_at", "-id")})

    def get_queryset(self):
        comments = (
            Comment.objects.approved()
            .filter(article__in=Article.objects.published())
            .select_related("article")
        )
        filters = checked(CommentFilters, self.request)
        if "article" in filters:
            comments = comments.filter(article__slug=filters["article"])
        return comments.only(
            "id", "article__slug", "parent_id", "author_name", "author_url", "body", "created_at"
        )


class CompanyViewSet(ConditionalGet, viewsets.ReadOnlyModelViewSet):
    """Companies that published articles are confirmed to be about, by name."""

    lookup_field = "slug"
    serializer_class = serializers.CompanySerializer
    pagination_class = type("ByName", (Cursor,), {"ordering": ("name",)})

    def get_queryset(self):
        return (
            Company.objects.with_article_count()
            .filter(article_count__gt=0)
            .prefetch_related("tickers")
        )


class AuthorViewSet(ConditionalGet, viewsets.ReadOnlyModelViewSet):
    """Authors credited on at least one published article, by name."""

    lookup_field = "slug"
    serializer_class = serializers.AuthorSerializer
    pagination_class = type("ByName", (Cursor,), {"ordering": ("name", "id")})

    def get_queryset(self):
        # As for tags: an author credited only on drafts is not public yet.
        credited = Byline.objects.filter(
            author=OuterRef("pk"), article__in=Article.objects.published()
        )
        return Author.objects.filter(Exists(credited))


@extend_schema(parameters=[FigureFilters])
class KeyFigureViewSet(ConditionalGet, viewsets.ReadOnlyModelViewSet):
    """Key figures (amounts, percentages, stakes) stated in published articles, the most
    recently read first."""

    serializer_class = serializers.KeyFigureSerializer
    pagination_class = type("NewestFigures", (Cursor,), {"ordering": ("-id",)})

    def get_queryset(self):
        figures = (
            KeyFigure.objects.public()
            .select_related("article")
            .only(*FIGURE_FIELDS, "article__slug")
        )
        if self.action != "list":
            return figures
        filters = checked(FigureFilters, self.request)
        if filters.get("currency"):
            figures = figures.deals(filters["currency"], filters.get("min"))
        if "kind" in filters:
            figures = figures.filter(kind=filters["kind"])
        if "article" in filters:
            figures = figures.filter(article__slug=filters["article"])
        if "company" in filters:
            figures = figures.filter(Exists(about(filters["company"], article=OuterRef("article"))))
        return figures


FIGURE_FIELDS = [
    "kind", "value", "upper", "currency", "scale", "qualifier", "text", "sentence", "article",
]  # fmt: skip


@functools.cache
def _schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def docs(request):
    """The API's reference, read from its OpenAPI schema: a plain page, no JavaScript."""
    schema = _schema()
    endpoints = [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("description", "").strip().split("\n")[0],
            "parameters": operation.get("parameters", []),
        }
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    context = {"schema": schema, "endpoints": endpoints, "anon_rate": settings.API_ANON_RATE}
    return render(request, "api/docs.html", context)
