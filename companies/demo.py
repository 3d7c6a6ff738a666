"""Demo companies for the demo articles (articles/demo.py). All invented."""

from dataclasses import dataclass

from django.db import transaction

from articles.demo import DEMO_ARTICLES
from articles.models import Article

from .models import ArticleCompany, Company, Ticker
from .suggestions import current_matcher, suggest


@dataclass(frozen=True)
class DemoCompany:
    """One demo company, its aliases and its (exchange, symbol) tickers."""

    name: str
    slug: str
    description: str
    aliases: tuple[str, ...] = ()
    tickers: tuple[tuple[str, str], ...] = ()
    website: str = ""


DEMO_COMPANIES = [
    DemoCompany(
        name="Harbourline Logistics",
        slug="harbourline-logistics",
        aliases=("Harbourline",),
        tickers=(("LSE", "HBL"),),
        website="https://harbourline.example.com/",
        description="Refrigerated freight between ports and inland distribution centres.",
    ),
    DemoCompany(
        name="Copperfield Bank",
        slug="copperfield-bank",
        aliases=("Copperfield",),
        tickers=(("LSE", "CPB"), ("HKEX", "2388")),
        website="https://copperfield.example.com/",
        description="A commercial bank lending to households and mid-sized companies.",
    ),
    DemoCompany(
        name="Brightwater Utilities",
        slug="brightwater-utilities",
        aliases=("Brightwater",),
        tickers=(("LSE", "BWU"),),
        description="Water supply and waste water for three regions.",
    ),
    DemoCompany(
        name="Pearl Delta Cold Stores",
        slug="pearl-delta-cold-stores",
        aliases=("Pearl Delta",),
        description="Refrigerated warehouses in the Pearl River Delta.",
    ),
    DemoCompany(
        name="OrbitPay",
        slug="orbitpay",
        tickers=(("NASDAQ", "ORBP"),),
        description="Card payments for shops.",
    ),
]


@transaction.atomic
def load_demo_companies():
    """Create the demo companies (once), suggest their mentions in the demo articles and
    confirm them, as an editor would. Returns how many companies were created."""
    created = 0
    for demo in DEMO_COMPANIES:
        company, new = Company.objects.get_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "aliases": list(demo.aliases),
                "website": demo.website,
                "description": demo.description,
            },
        )
        if new:
            created += 1
            for exchange, symbol in demo.tickers:
                Ticker.objects.get_or_create(
                    exchange=exchange, symbol=symbol, defaults={"company": company}
                )
    articles = Article.objects.filter(slug__in=[demo.slug for demo in DEMO_ARTICLES])
    suggest(articles, current_matcher())
    ArticleCompany.objects.filter(
        article__in=articles, status=ArticleCompany.Status.SUGGESTED
    ).update(status=ArticleCompany.Status.CONFIRMED)
    return created
