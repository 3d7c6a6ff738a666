from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404

from articles.feeds import ArticleFeedMixin, FeedRequest, FullTextAtomFeed
from articles.models import Article

from .models import Author


class AuthorArticlesFeed(ArticleFeedMixin, Feed):
    """An author's latest published articles, in full (Atom)."""

    feed_type = FullTextAtomFeed

    def get_object(self, request, slug):
        author = get_object_or_404(Author, slug=slug)
        if not self.articles_by(author).exists():
            # As the author page: nobody credited only on drafts has a public feed.
            raise Http404("No published article by this author.")
        obj = FeedRequest(request)
        obj.author = author
        return obj

    @staticmethod
    def articles_by(author):
        return Article.objects.published().filter(bylines__author=author)

    def articles(self, obj):
        return self.articles_by(obj.author)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.author.name}"

    def subtitle(self, obj):
        return f"The latest articles by {obj.author.name} in the {settings.SITE_NAME}."

    def link(self, obj):
        return obj.author.get_absolute_url()
