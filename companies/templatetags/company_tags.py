"""Companies on the archive's pages, in a fixed number of queries however many rows."""

import functools
import json

from django import template
from django.db.models import OuterRef, Prefetch, TextField
from django.db.models.expressions import RawSQL

from articles.search.expressions import json_rows, sql_of

from ..models import ArticleCompany, Company, Ticker

register = template.Library()


@register.simple_tag
def attach_companies(articles):
    """Give each article of a list its confirmed companies (`article.companies`), in one
    query for the whole list. Used once, before the list is shown; outputs nothing."""
    articles = list(articles)
    by_article = {}
    links = (
        ArticleCompany.objects.confirmed()
        .filter(article__in=[article.pk for article in articles])
        .select_related("company")
        .only("article_id", "company__name", "company__slug")
        .order_by("-in_title", "-mention_count", "company__name")
    )
    for link in links:
        by_article.setdefault(link.article_id, []).append(link.company)
    for article in articles:
        article.companies = by_article.get(article.pk, [])
    return ""


def companies_column():
    """PostgreSQL: an annotation for a query of articles giving each its confirmed companies,
    in attach_companies()'s order, in that same query (companies_from() makes them usable):
    a list shown with no query of its own."""
    sql, params = _companies_sql()
    # SQL Django compiled from a queryset; its values are parameters.
    return RawSQL(sql, params, output_field=TextField())  # nosec B611


@functools.cache
def _companies_sql():
    # Compiled once a process (expressions.sql_of()): the same SQL for every page.
    links = (
        ArticleCompany.objects.confirmed()
        .filter(article=OuterRef("pk"))
        .order_by("-in_title", "-mention_count", "company__name")
    )
    articles = ArticleCompany._meta.get_field("article").related_model
    return sql_of(json_rows(links, "company_id", "company__name", "company__slug"), articles)


def companies_from(column):
    """The companies of a companies_column() annotation, as attach_companies() gives them."""
    return [Company(pk=pk, name=name, slug=slug) for pk, name, slug in json.loads(column)]


def article_companies(article):
    """The article's confirmed companies with their tickers (two queries, kept on the
    article: the page asks once for its metadata and once for its body)."""
    if not hasattr(article, "_company_links"):
        article._company_links = list(
            ArticleCompany.objects.confirmed()
            .filter(article=article)
            .select_related("company")
            .prefetch_related(Prefetch("company__tickers", queryset=Ticker.objects.all()))
        )
    return article._company_links


@register.simple_tag
def companies_of(article):
    return [link.company for link in article_companies(article)]


def organization(request, company):
    """A schema.org Organization for JSON-LD, with its listings as tickerSymbol."""
    data = {
        "@type": "Organization",
        "name": company.name,
        "url": request.build_absolute_uri(company.get_absolute_url()),
    }
    if company.aliases:
        data["alternateName"] = company.aliases
    tickers = [f"{t.exchange} {t.symbol}" for t in company.tickers.all()]
    if tickers:
        data["tickerSymbol"] = tickers[0] if len(tickers) == 1 else tickers
    if company.website:
        data["sameAs"] = company.website
    return data


@register.simple_tag(takes_context=True)
def company_structured_data(context, article):
    """{"about": [...], "mentions": [...]}: named in the title, the article is about the
    company; named only in the text, it mentions it."""
    request = context["request"]
    about, mentions = [], []
    for link in article_companies(article):
        (about if link.in_title else mentions).append(organization(request, link.company))
    return {key: value for key, value in (("about", about), ("mentions", mentions)) if value}
