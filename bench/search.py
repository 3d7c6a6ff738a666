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
counts, template) and, separately, the time spent in the database. The uncached home page
is requested after each timed search, and the search's median and p95 are given as ratios
to its median: the targets (docs/search-benchmarks.md) are at most 1.5x and 2x.

    .venv/bin/python bench/search.py --ablate        # PostgreSQL: what each part buys

measures instead, in one run, the searches with each optimisation of the PostgreSQL search
turned off in turn (articles/search/switches.py), the index's size, the cost of saving an
article and the uncached home page (bench/searchablation.py).
"""

import argparse
import json
import statistics
import subprocess  # nosec B404: re-runs this script, one database per process
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.searchablation import ablate  # noqa: E402
from bench.searchcorpus import Corpus, queries  # noqa: E402
from bench.searchtiming import (  # noqa: E402
    PG_URL,
    RESULTS,
    ROOT,
    SQLITE_URL,
    ensure_pg_database,
    indexed,
    percentile,
    setup_django,
    time_searches,
)


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


def run(backend, count, refill):
    url = PG_URL if backend == "postgresql" else SQLITE_URL
    RESULTS.mkdir(parents=True, exist_ok=True)
    if backend == "postgresql":
        ensure_pg_database()
    # The page cache off: the home page is the uncached yardstick.
    setup_django(url, CACHE_URL="locmem://", PAGE_CACHE_TIMEOUT="0")
    corpus = Corpus()
    print(f"{backend}: {count:,} articles")
    fill(corpus, count, refill)

    searches = queries(corpus, count)
    page_ms, db_ms, results, home_ms = time_searches(searches)
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
        "home_median": statistics.median(home_ms),
        "home_p95": percentile(home_ms, 95),
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
    print(
        f"  uncached home page between them: median {summary['home_median']:.1f} ms, "
        f"95th percentile {summary['home_p95']:.1f} ms"
    )
    # The targets (docs/search-benchmarks.md), on PostgreSQL, the production database: the
    # search's median at most 1.5 times and its p95 at most twice the home page's median.
    # SQLite, the embedded default, has its own: a p95 under 100 ms.
    home = summary["home_median"]
    median, p95 = summary["page_median"] / home, summary["page_p95"] / home
    if backend == "postgresql":
        print(
            f"  ratios to the home page's median: search median {median:.2f}x "
            f"(target 1.5x), search p95 {p95:.2f}x (target 2x)"
        )
    else:
        print(
            f"  ratios to the home page's median: search median {median:.2f}x, p95 {p95:.2f}x "
            f"(SQLite's target: a p95 under 100 ms)"
        )
    summary["searches"] = [
        {"params": params, "page_ms": round(ms, 2), "db_ms": round(db, 2), "results": found}
        for params, ms, db, found in zip(searches, page_ms, db_ms, results, strict=True)
    ]
    out = RESULTS / f"search-{backend}.json"
    out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"  every search: {out.relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--refill", action="store_true")
    parser.add_argument(
        "--ablate",
        action="store_true",
        help="PostgreSQL only: what each optimisation buys (bench/searchablation.py)",
    )
    args = parser.parse_args()
    if args.ablate:
        ablate(args.articles)
        return
    if args.backend != "both":
        run(args.backend, args.articles, args.refill)
        return
    for backend in ("postgresql", "sqlite"):
        command = [sys.executable, __file__, "--backend", backend, "--articles", str(args.articles)]
        subprocess.run(command + (["--refill"] if args.refill else []), check=True)  # nosec B603


if __name__ == "__main__":
    main()
