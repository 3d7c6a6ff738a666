"""What bench/search.py and bench/searchablation.py share: the databases, Django set up in
process, and the timing of the searches through the test client."""

import os
import re
import statistics
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
# Another database name (for a small trial run beside the real one): SEARCH_BENCH_PG_DATABASE.
PG_DATABASE = os.environ.get("SEARCH_BENCH_PG_DATABASE", "newsarchive_search_bench")
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
SQLITE_URL = f"sqlite:///{RESULTS / 'search.sqlite3'}"


def setup_django(database_url, **environ):
    warnings.filterwarnings("ignore", message="No directory at")
    from bench.inprocess import setup_django as setup

    setup(DATABASE_URL=database_url, **environ)


def ensure_pg_database():
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    conn.close()


def indexed(connection):
    from articles.models import Article

    if connection.vendor == "postgresql":
        return Article.objects.filter(search_vector__isnull=False).count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article_fts")
        return cursor.fetchone()[0]


def time_searches(searches, repeat=3):
    """Each search requested once to warm up, then `repeat` times: the median of those, for
    the whole request and for the time in the database; and each one's count of results.

    The uncached home page is requested after each timed search, and each of its requests
    timed: the yardstick the targets are stated against, measured under the same load.
    Returns (search ms, database ms, results, home page ms)."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    db_time = [0.0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_time[0] += time.perf_counter() - started

    client, home_url = Client(), reverse("articles:article-list")
    page_ms, db_ms, results, home_ms = [], [], [], []
    assert client.get(home_url).status_code == 200  # nosec B101: warm-up
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
            for _ in range(repeat):
                db_time[0] = 0.0
                started = time.perf_counter()
                client.get("/search/", params)
                pages.append((time.perf_counter() - started) * 1000)
                dbs.append(db_time[0] * 1000)
                started = time.perf_counter()
                client.get(home_url)
                home_ms.append((time.perf_counter() - started) * 1000)
            page_ms.append(statistics.median(pages))
            db_ms.append(statistics.median(dbs))
    return page_ms, db_ms, results, home_ms


def percentile(values, p):
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]
