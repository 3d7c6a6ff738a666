"""Demo companies for the demo articles (articles' load_demo_content). All invented."""

from django.db import transaction

from articles.models import Article

from .models import ArticleCompany, Company, Ticker
from .suggestions import current_matcher, suggest

DEMO_COMPANIES = [
    {
        "name": "Harbourline Logistics",
        "slug": "harbourline-logistics",
        "aliases": ["Harbourline"],
        "tickers": [("LSE", "HBL")],
        "website": "https://harbourline.example.com/",
        "description": "Refrigerated freight between ports and inland distribution centres.",
    },
    {
        "name": "Copperfield Bank",
        "slug": "copperfield-bank",
        "aliases": ["Copperfield"],
        "tickers": [("LSE", "CPB"), ("HKEX", "2388")],
        "website": "https://copperfield.example.com/",
        "description": "A commercial bank lending to households and mid-sized companies.",
    },
    {
        "name": "Brightwater Utilities",
        "slug": "brightwater-utilities",
        "aliases": ["Brightwater"],
        "tickers": [("LSE", "BWU")],
        "website": "",
        "description": "Water supply and waste water for three regions.",
    },
    {
        "name": "Pearl Delta Cold Stores",
        "slug": "pearl-delta-cold-stores",
        "aliases": ["Pearl Delta"],
        "tickers": [],
        "website": "",
        "description": "Refrigerated warehouses in the Pearl River Delta.",
    },
    {
        "name": "OrbitPay",
        "slug": "orbitpay",
        "aliases": [],
        "tickers": [("NASDAQ", "ORBP")],
        "website": "",
        "description": "Card payments for shops.",
    },
]


@transaction.atomic
def load_demo_companies():
    """Create the demo companies (once), suggest their mentions in the demo articles and
    confirm them, as an editor would. Returns how many companies were created."""
    created = 0
    for data in DEMO_COMPANIES:
        company, new = Company.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "aliases": data["aliases"],
                "website": data["website"],
                "description": data["description"],
            },
        )
        if new:
            created += 1
            for exchange, symbol in data["tickers"]:
                Ticker.objects.get_or_create(
                    exchange=exchange, symbol=symbol, defaults={"company": company}
                )
    from articles.management.commands.load_demo_content import DEMO_ARTICLES

    demo = Article.objects.filter(slug__in=[a["slug"] for a in DEMO_ARTICLES])
    suggest(demo, current_matcher())
    ArticleCompany.objects.filter(article__in=demo, status=ArticleCompany.Status.SUGGESTED).update(
        status=ArticleCompany.Status.CONFIRMED
    )
    return created
