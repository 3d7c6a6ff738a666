"""The company pages in sitemap.xml (added to the archive's sections in newsarchive/urls.py)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q

from articles.models import Article

from .models import ArticleCompany, Company


def _public_links():
    # Built at each request: published() compares with the time now.
    return Q(
        article_links__status=ArticleCompany.Status.CONFIRMED,
        article_links__article__in=Article.objects.published(),
    )


class CompanySitemap(Sitemap):
    limit = 50_000

    def items(self):
        # Last modified: the latest change to one of its public articles.
        public = Q(
            article_links__status=ArticleCompany.Status.CONFIRMED,
            article_links__article__in=Article.objects.published(),
        )
        return (
            Company.objects.annotate(
                last_change=Max("article_links__article__updated_at", filter=public)
            )
            .filter(last_change__isnull=False)
            .only("slug")
            .order_by("name")
        )

    def lastmod(self, company):
        return company.last_change
