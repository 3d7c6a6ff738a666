"""sitemap.xml: an index of sections, each split by Django past 50,000 addresses."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from corrections.models import last_correction, last_modified

from .models import Article
from .tagsummary import tag_summaries


class ArticleSitemap(Sitemap):
    limit = 50_000

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "updated_at", "published_at")
            .annotate(last_correction=last_correction())
            .order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return last_modified(article)


class TagSitemap(Sitemap):
    limit = 50_000

    def items(self):
        # Last modified: the latest change to one of the tag's public articles.
        return tag_summaries()

    def location(self, tag):
        return reverse("articles:tag-detail", args=[tag.slug])

    def lastmod(self, tag):
        return tag.last_change


class PageSitemap(Sitemap):
    def items(self):
        return ["articles:article-list", "articles:archive", "articles:tag-index"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"articles": ArticleSitemap, "tags": TagSitemap, "pages": PageSitemap}
