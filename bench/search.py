"""Time the search page on 100,000 articles, on PostgreSQL and on SQLite.

    .venv/bin/python bench/search.py                 # both databases, 100,000 articles
    .venv/bin/python bench/search.py --backend sqlite --articles 20000

Each database is filled once with generated articles (a business vocabulary plus invented
words, drawn with a Zipf distribution as words are in real text; titles, standfirsts,
bodies of 300-550 words, one to four tags, dates over twenty years, 5% drafts) and kept
for the next run (`--refill` starts again). The PostgreSQL database is
`newsarchive_search_bench` on 127.0.0.1:5432; the SQLite file is
`bench/results/search.sqlite3`. Neither is the development database.

Then 50 varied searches (common, middling and rare words, two words, phrases, `or`,
`-word`, with tag and year filters) are each requested from /search/ through Django's test
client, once to warm up and three times timed; a search's time is the median of its three.
The figures are the whole request (count, page of results with snippets, year and tag
counts, template) and, separately, the time spent in the database.
"""

import argparse
import datetime
import json
import random
import re
import statistics
import subprocess  # nosec B404: re-runs this script, one database per process
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_URL = "postgres://postgres@127.0.0.1:5432/newsarchive_search_bench"
SQLITE_URL = f"sqlite:///{RESULTS / 'search.sqlite3'}"

# Words of business news, commonest first; invented words fill the long tail.
BUSINESS_WORDS = [
    "market",
    "shares",
    "company",
    "prices",
    "bank",
    "growth",
    "profit",
    "sales",
    "investors",
    "billion",
    "million",
    "percent",
    "quarter",
    "rates",
    "economy",
    "trade",
    "oil",
    "chief",
    "executive",
    "board",
    "deal",
    "revenue",
    "costs",
    "stock",
    "bonds",
    "inflation",
    "central",
    "government",
    "tax",
    "jobs",
    "workers",
    "industry",
    "demand",
    "supply",
    "energy",
    "gas",
    "power",
    "results",
    "forecast",
    "earnings",
    "dividend",
    "merger",
    "acquisition",
    "takeover",
    "offer",
    "bid",
    "regulators",
    "competition",
    "shareholders",
    "debt",
    "loans",
    "credit",
    "lenders",
    "mortgage",
    "housing",
    "property",
    "retail",
    "consumers",
    "spending",
    "exports",
    "imports",
    "tariffs",
    "currency",
    "dollar",
    "euro",
    "sterling",
    "yen",
    "gold",
    "copper",
    "steel",
    "aluminium",
    "coal",
    "shipping",
    "airlines",
    "carmakers",
    "factories",
    "output",
    "manufacturing",
    "services",
    "technology",
    "software",
    "chips",
    "telecoms",
    "media",
    "advertising",
    "insurance",
    "pensions",
    "fund",
    "managers",
    "hedge",
    "private",
    "equity",
    "venture",
    "startup",
    "listing",
    "flotation",
    "exchange",
    "index",
    "futures",
    "commodity",
    "harvest",
    "wheat",
    "coffee",
    "sugar",
    "cotton",
    "mining",
    "miners",
    "drilling",
    "refinery",
    "pipeline",
    "utilities",
    "water",
    "electricity",
    "renewables",
    "wind",
    "solar",
    "nuclear",
    "batteries",
    "lithium",
    "nickel",
    "zinc",
    "tin",
    "iron",
    "ore",
    "freight",
    "ports",
    "rail",
    "trucks",
    "logistics",
    "warehouse",
    "online",
    "payments",
    "fintech",
    "crypto",
    "regulation",
    "antitrust",
    "lawsuit",
    "settlement",
    "fine",
    "probe",
    "audit",
    "accounts",
    "losses",
    "writedown",
    "restructuring",
    "layoffs",
    "hiring",
    "wages",
    "strike",
    "union",
    "pension",
    "budget",
    "deficit",
    "spending",
    "stimulus",
    "recession",
    "recovery",
    "slowdown",
    "boom",
    "bubble",
    "crash",
    "rally",
    "slump",
    "volatility",
    "outlook",
    "guidance",
    "analysts",
    "brokers",
    "upgrade",
    "downgrade",
    "rating",
    "agency",
    "default",
    "bailout",
    "rescue",
    "bankruptcy",
    "administration",
    "creditors",
    "bondholders",
    "yields",
    "treasury",
    "gilts",
    "auction",
    "issuance",
    "refinancing",
    "liquidity",
    "capital",
    "reserves",
    "buffers",
    "stress",
    "tests",
    "governor",
    "minutes",
    "committee",
    "vote",
    "hike",
    "cut",
    "pause",
    "signal",
    "emerging",
    "markets",
    "china",
    "india",
    "brazil",
    "russia",
    "japan",
    "germany",
    "france",
    "britain",
    "america",
    "europe",
    "africa",
    "asia",
    "gulf",
    "opec",
    "cartel",
    "quota",
    "sanctions",
    "embargo",
    "subsidy",
    "grant",
    "contract",
    "tender",
    "order",
    "backlog",
    "delivery",
    "plane",
    "ships",
    "vessels",
    "containers",
    "cargo",
    "tanker",
    "fleet",
    "route",
    "passengers",
    "tourism",
    "hotels",
    "casinos",
    "luxury",
    "fashion",
    "brands",
    "supermarket",
    "grocer",
    "pharmacy",
    "drugmaker",
    "vaccine",
    "patent",
    "trial",
    "approval",
    "launch",
    "product",
    "customers",
    "subscribers",
    "users",
    "platform",
    "network",
    "cloud",
    "data",
    "privacy",
    "security",
    "breach",
    "hackers",
    "outage",
    "recall",
    "safety",
    "emissions",
    "climate",
    "carbon",
]

TAG_COUNT = 400


def pseudo_words(rng, count):
    """Pronounceable invented words, so the vocabulary has a realistic long tail."""
    onsets = [
        "b",
        "br",
        "c",
        "ch",
        "cl",
        "d",
        "dr",
        "f",
        "fl",
        "g",
        "gr",
        "h",
        "j",
        "k",
        "l",
        "m",
        "n",
        "p",
        "pl",
        "pr",
        "r",
        "s",
        "sh",
        "st",
        "t",
        "tr",
        "v",
        "w",
        "z",
    ]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
    codas = ["n", "r", "s", "t", "l", "m", "nd", "st", "rk", "ng", "x"]
    words, seen = [], set(BUSINESS_WORDS)
    while len(words) < count:
        syllables = rng.choice((2, 2, 3, 3, 4))
        word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables))
        word += rng.choice(codas)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Corpus:
    def __init__(self, seed=20181128, vocabulary=30_000):
        self.rng = random.Random(seed)  # nosec B311: generated test data, not security
        tail = pseudo_words(self.rng, vocabulary - len(BUSINESS_WORDS))
        # The business words take the commonest ranks, interleaved with invented ones.
        self.words = []
        business = iter(BUSINESS_WORDS)
        for i, word in enumerate(tail):
            if i % 3 == 0:
                self.words.append(next(business, word))
            self.words.append(word)
        weights = [1 / (rank**1.07) for rank in range(1, len(self.words) + 1)]
        self.cum_weights = list(_accumulate(weights))
        business_set = set(BUSINESS_WORDS)
        tags = [w for w in self.words[5:] if w in business_set]
        tags += [w for w in self.words[2000:] if w not in business_set]
        self.tags = [w.capitalize() for w in dict.fromkeys(tags)][:TAG_COUNT]
        self.tag_weights = list(_accumulate(1 / (r**0.9) for r in range(1, len(self.tags) + 1)))

    def text(self, n):
        return " ".join(self.rng.choices(self.words, cum_weights=self.cum_weights, k=n))

    def article(self, i):
        rng = self.rng
        title = self.text(rng.randint(5, 9)).capitalize()
        paragraphs = [self.text(rng.randint(45, 90)).capitalize() + "." for _ in range(6)]
        published = datetime.datetime(2005, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
            minutes=rng.randint(0, 21 * 365 * 24 * 60)
        )
        tags = set(rng.choices(self.tags, cum_weights=self.tag_weights, k=rng.randint(1, 4)))
        return {
            "title": title,
            "slug": f"bench-{i}",
            "standfirst": self.text(rng.randint(15, 25)).capitalize() + ".",
            "body": "\n\n".join(paragraphs),
            "body_html": "".join(f"<p>{p}</p>" for p in paragraphs),
            "published_at": published,
            "status": "draft" if rng.random() < 0.05 else "published",
        }, tags


def _accumulate(values):
    total = 0.0
    for value in values:
        total += value
        yield total


def setup_django(database_url):
    warnings.filterwarnings("ignore", message="No directory at")
    sys.path.insert(0, str(ROOT))
    from bench.inprocess import setup_django as setup

    setup(DATABASE_URL=database_url)


def ensure_pg_database():
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'newsarchive_search_bench'")
        if not cursor.fetchone():
            cursor.execute("CREATE DATABASE newsarchive_search_bench")
    conn.close()


def fill(corpus, count, refill):
    from django.core.management import call_command
    from django.db import connection, transaction

    from articles.models import Article
    from articles.search import index_articles

    call_command("migrate", verbosity=0)
    if Article.objects.count() == count and not refill:
        print(f"  {count:,} articles already there (--refill to start again)")
        if indexed(connection) == count:
            return
    else:
        insert(corpus, count)
    started = time.perf_counter()
    with transaction.atomic():
        index_articles()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE articles_article")
            cursor.execute("VACUUM ANALYZE articles_taggedarticle")
    else:
        with connection.cursor() as cursor:
            optimize = "INSERT INTO articles_article_fts(articles_article_fts) VALUES ('optimize')"
            cursor.execute(optimize)
            cursor.execute("ANALYZE")
    print(f"  indexed in {time.perf_counter() - started:.0f} s")


def indexed(connection):
    from articles.models import Article

    if connection.vendor == "postgresql":
        return Article.objects.filter(search_vector__isnull=False).count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article_fts")
        return cursor.fetchone()[0]


def insert(corpus, count):
    from django.db import transaction
    from taggit.models import Tag

    from articles.models import Article, TaggedArticle

    started = time.perf_counter()
    with transaction.atomic():
        TaggedArticle.objects.all().delete()
        Article.objects.all().delete()
        Tag.objects.all().delete()
        tags = {name: Tag.objects.create(name=name) for name in corpus.tags}
    batch = 2000
    for start in range(0, count, batch):
        rows = [corpus.article(i) for i in range(start, min(start + batch, count))]
        with transaction.atomic():
            created = Article.objects.bulk_create([Article(**fields) for fields, _ in rows])
            TaggedArticle.objects.bulk_create(
                TaggedArticle(content_object=article, tag=tags[name])
                for article, (_, names) in zip(created, rows, strict=True)
                for name in names
            )
        print(f"\r  inserted {start + len(rows):,} articles", end="", flush=True)
    print(f" in {time.perf_counter() - started:.0f} s")


def queries(corpus, count):
    """50 searches of every kind a reader types, from common to rare words."""
    rng = random.Random(7)  # nosec B311: generated test data
    words = corpus.words

    def band(low, high):
        return words[rng.randrange(low, high)]

    from articles.models import Article

    # Phrases taken from stored articles, so each is found at least once.
    phrases = []
    for slug in rng.sample(range(count), 5):
        text = Article.objects.get(slug=f"bench-{slug}").body.replace(".", "").split()
        k = rng.randrange(len(text) - 1)
        phrases.append(f'"{text[k]} {text[k + 1]}"'.lower())
    tag = corpus.tags[3].lower()
    searches = (
        [{"q": band(20, 300)} for _ in range(10)]
        + [{"q": band(300, 3000)} for _ in range(10)]
        + [{"q": band(3000, len(words))} for _ in range(8)]
        + [{"q": f"{band(20, 500)} {band(20, 3000)}"} for _ in range(6)]
        + [{"q": p} for p in phrases]
        + [{"q": f"{band(100, 3000)} or {band(100, 3000)}"} for _ in range(4)]
        + [{"q": f"{band(20, 300)} -{band(20, 300)}"} for _ in range(4)]
        + [{"q": band(20, 1000), "tag": tag} for _ in range(2)]
        + [{"q": band(20, 1000), "year": 2015}]
    )
    assert len(searches) == 50  # nosec B101: the benchmark's own consistency
    return searches


def run(backend, count, refill):
    url = PG_URL if backend == "postgresql" else SQLITE_URL
    RESULTS.mkdir(parents=True, exist_ok=True)
    if backend == "postgresql":
        ensure_pg_database()
    setup_django(url)
    from django.db import connection
    from django.test import Client

    corpus = Corpus()
    print(f"{backend}: {count:,} articles")
    fill(corpus, count, refill)

    db_time = [0.0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_time[0] += time.perf_counter() - started

    client = Client()
    searches = queries(corpus, count)
    page_ms, db_ms, results = [], [], []
    with connection.execute_wrapper(timed):
        for params in searches:
            response = client.get("/search/", params)
            assert response.status_code == 200, (params, response.status_code)  # nosec B101
            found = re.search(
                rb'"search-count" role="status">([0-9,]+) (?:or more )?result', response.content
            )
            results.append(int(found.group(1).replace(b",", b"")) if found else 0)
        for params in searches:
            pages, dbs = [], []
            for _ in range(3):
                db_time[0] = 0.0
                started = time.perf_counter()
                client.get("/search/", params)
                pages.append((time.perf_counter() - started) * 1000)
                dbs.append(db_time[0] * 1000)
            page_ms.append(statistics.median(pages))
            db_ms.append(statistics.median(dbs))
    for params, ms, found in sorted(
        zip(searches, page_ms, results, strict=True), key=lambda x: -x[1]
    )[:5]:
        print(f"  slowest: {ms:6.1f} ms  {found:6,} results  {params}")
    summary = {
        "page_median": statistics.median(page_ms),
        "page_p95": percentile(page_ms, 95),
        "db_median": statistics.median(db_ms),
        "db_p95": percentile(db_ms, 95),
        "results_median": statistics.median(results),
        "results_max": max(results),
    }
    print(
        f"  whole request: median {summary['page_median']:.1f} ms, "
        f"95th percentile {summary['page_p95']:.1f} ms"
    )
    print(
        f"  in the database: median {summary['db_median']:.1f} ms, "
        f"95th percentile {summary['db_p95']:.1f} ms"
    )
    print(
        f"  results per search: median {summary['results_median']:,.0f}, "
        f"most {summary['results_max']:,}"
    )
    summary["searches"] = [
        {"params": params, "page_ms": round(ms, 2), "db_ms": round(db, 2), "results": found}
        for params, ms, db, found in zip(searches, page_ms, db_ms, results, strict=True)
    ]
    out = RESULTS / f"search-{backend}.json"
    out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"  every search: {out.relative_to(ROOT)}")


def percentile(values, p):
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--refill", action="store_true")
    args = parser.parse_args()
    if args.backend != "both":
        run(args.backend, args.articles, args.refill)
        return
    for backend in ("postgresql", "sqlite"):
        command = [sys.executable, __file__, "--backend", backend, "--articles", str(args.articles)]
        subprocess.run(command + (["--refill"] if args.refill else []), check=True)  # nosec B603


if __name__ == "__main__":
    main()
