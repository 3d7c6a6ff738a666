"""Small factories for the companies tests."""

from articles.tests.factories import make_article
from companies.models import ArticleCompany, Company, Ticker

__all__ = ["confirm", "make_article", "make_company"]


def make_company(name, aliases=(), tickers=(), **fields):
    company = Company.objects.create(name=name, aliases=list(aliases), **fields)
    for exchange, symbol in tickers:
        Ticker.objects.create(company=company, exchange=exchange, symbol=symbol)
    return company


def confirm(article, *companies):
    """Confirm the companies' links on the article, as an editor would (creating them)."""
    for company in companies:
        ArticleCompany.objects.update_or_create(
            article=article, company=company, defaults={"status": ArticleCompany.Status.CONFIRMED}
        )
