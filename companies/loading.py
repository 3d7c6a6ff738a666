"""Loading companies from a newsroom's CSV reference list.

Columns: name, aliases, ticker, exchange (a header row names them; other columns are
ignored). Aliases are separated by "|" or ";". A company may take several rows, one per
listing (JD on NASDAQ, 9618 on HKEX). A company already in the archive, found by name, is
updated: its aliases and tickers are added to, never removed.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from .models import Company, Ticker

COLUMNS = ("name", "aliases", "ticker", "exchange")
ALIAS_SEPARATORS = ("|", ";")


class CompanyListError(ValueError):
    """A CSV list that cannot be loaded; the message says where and why."""


@dataclass
class Row:
    line: int
    name: str
    aliases: list = field(default_factory=list)
    ticker: str = ""
    exchange: str = ""


def _aliases(text):
    for separator in ALIAS_SEPARATORS[1:]:
        text = text.replace(separator, ALIAS_SEPARATORS[0])
    return [alias.strip() for alias in text.split(ALIAS_SEPARATORS[0]) if alias.strip()]


def read_rows(text):
    """The rows of a CSV list, checked; CompanyListError names the first bad line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    if "name" not in header:
        raise CompanyListError(
            "The first line must name the columns: name, aliases, ticker, exchange."
        )
    reader.fieldnames = header
    rows = []
    for record in reader:
        line = reader.line_num
        values = {key: (record.get(key) or "").strip() for key in COLUMNS}
        if not values["name"]:
            if any(values.values()):
                raise CompanyListError(f"Line {line}: the name is empty.")
            continue
        if len(values["name"]) > Company._meta.get_field("name").max_length:
            raise CompanyListError(f"Line {line}: the name is too long.")
        if bool(values["ticker"]) != bool(values["exchange"]):
            raise CompanyListError(
                f"Line {line}: a ticker needs its exchange, and the other way round."
            )
        if len(values["ticker"]) > 20 or len(values["exchange"]) > 20:
            raise CompanyListError(
                f"Line {line}: a ticker or exchange is longer than 20 characters."
            )
        if not slugify(values["name"]):
            raise CompanyListError(
                f"Line {line}: the name has no letters or digits for an address."
            )
        rows.append(
            Row(
                line,
                values["name"],
                _aliases(values["aliases"]),
                values["ticker"],
                values["exchange"].upper(),
            )
        )
    return rows


@transaction.atomic
def load(rows):
    """Create or update the companies of these rows: {"created": n, "updated": n, "tickers": n}."""
    counts = {"created": 0, "updated": 0, "tickers": 0}
    seen = {}
    for row in rows:
        company = seen.get(row.name.lower())
        if company is None:
            company = Company.objects.filter(name__iexact=row.name).first()
            if company is None:
                company = Company(name=row.name, slug=_free_slug(row.name), aliases=[])
                counts["created"] += 1
            else:
                counts["updated"] += 1
            seen[row.name.lower()] = company
        new = [a for a in row.aliases if a not in company.aliases and a != company.name]
        if new or company.pk is None:
            company.aliases = [*company.aliases, *new]
            company.save()
        if row.ticker:
            listing = Ticker.objects.filter(exchange=row.exchange, symbol=row.ticker).first()
            if listing is None:
                Ticker.objects.create(company=company, symbol=row.ticker, exchange=row.exchange)
                counts["tickers"] += 1
            elif listing.company_id != company.pk:
                raise CompanyListError(
                    f"Line {row.line}: {row.exchange} {row.ticker} is already {listing.company}'s."
                )
    return counts


def _free_slug(name):
    base = slugify(name)[:190]
    slug, n = base, 1
    while Company.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
