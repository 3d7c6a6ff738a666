"""A company's articles as an Atom feed: the archive's article feed, filtered."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from articles.feeds import ArticleFeedMixin, FeedRequest, FullTextAtomFeed

from .models import Company
from .views import public_articles


class CompanyArticlesAtomFeed(ArticleFeedMixin, Feed):
    feed_type = FullTextAtomFeed

    def get_object(self, request, slug):
        feed = FeedRequest(request)
        # Only companies with a public article have a feed, as they have a page.
        feed.company = get_object_or_404(Company.objects.public(), slug=slug)
        return feed

    def articles(self, obj):
        return public_articles(obj.company)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.company.name}"

    def subtitle(self, obj):
        return f"The latest articles about {obj.company.name} in the {settings.SITE_NAME}."

    def link(self, obj):
        return reverse("companies:company-detail", args=[obj.company.slug])
