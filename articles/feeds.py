"""Feeds as small syndication classes, every one starting from Article.objects.published()."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Article, Comment

COMMENTS_IN_FEED = 30


def public_comments():
    return (
        Comment.objects.approved()
        .filter(article__in=Article.objects.published())
        .select_related("article")
        .only("pk", "author_name", "body", "created_at", "article__title", "article__slug")
        .order_by("-created_at", "-pk")
    )


class LatestCommentsFeed(Feed):
    """The latest approved comments on the whole site. Never an email address."""

    feed_type = Atom1Feed

    def title(self):
        return f"Comments on {settings.SITE_NAME}"

    def subtitle(self):
        return f"The latest reader comments on {settings.SITE_NAME}."

    def link(self):
        return reverse("articles:article-list")

    def items(self):
        return public_comments()[:COMMENTS_IN_FEED]

    def item_title(self, item):
        return f"{item.author_name} on {item.article.title}"

    def item_description(self, item):
        return linebreaks_filter(item.body)

    def item_author_name(self, item):
        return item.author_name

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.created_at


class ArticleCommentsFeed(LatestCommentsFeed):
    """The latest approved comments on one published article."""

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, obj):
        return (
            f"Comments on \N{LEFT DOUBLE QUOTATION MARK}{obj.title}\N{RIGHT DOUBLE QUOTATION MARK}"
        )

    def subtitle(self, obj):
        return f"Reader comments on {obj.title}, newest first."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return public_comments().filter(article=obj)[:COMMENTS_IN_FEED]
