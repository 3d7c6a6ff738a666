"""Time filtered pages of the JSON API beside the uncached home page, in one run.

    .venv/bin/python bench/api.py                  # the search benchmark's 100,000 articles
    SEARCH_BENCH_PG_DATABASE=other .venv/bin/python bench/api.py

Uses the PostgreSQL database that bench/search.py fills (newsarchive_search_bench). Each
round requests the home page (with the page cache emptied first, so it is rendered) and then
every API page below, through Django's test client in this process; rounds alternate so that
changes in the machine's load fall on both. Target: each API page's p95 at most twice the
home page's median (and its p95 at most twice the home page's p95).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.searchtiming import PG_URL, setup_django  # noqa: E402


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    setup_django(PG_URL, API_ANON_RATE="1000000/minute")
    from django.core.cache import cache
    from django.test import Client
    from taggit.models import Tag

    from articles.models import Article

    client = Client()
    newest = Article.objects.published().latest("published_at").published_at.date()
    tag = Tag.objects.order_by("pk").values_list("slug", flat=True)[5]
    pages = {
        "articles": "/api/v1/articles/",
        "by tag": f"/api/v1/articles/?tag={tag}",
        "by dates": f"/api/v1/articles/?since={newest.replace(year=newest.year - 3)}"
        f"&until={newest.replace(year=newest.year - 2)}",
        "by search": "/api/v1/articles/?q=merger",
        "article": Article.objects.published()
        .latest("published_at")
        .get_absolute_url()
        .replace("/articles/", "/api/v1/articles/"),
        "tags": "/api/v1/tags/",
        "by deal": "/api/v1/articles/?currency=USD&min=100000000",
        "figures": "/api/v1/figures/?currency=USD&min=100000000",
        "companies": "/api/v1/companies/",
        "authors": "/api/v1/authors/",
    }
    times = {name: [] for name in ["home", *pages]}

    def timed(name, url, before=None):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(url)
        times[name].append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")

    load_before = os.getloadavg()[0]
    for url in ["/", *pages.values()]:
        client.get(url)  # warm up
    for _ in range(args.rounds):
        timed("home", "/", before=cache.clear)
        for name, url in pages.items():
            timed(name, url)
    home_median = statistics.median(times["home"])
    home_p95 = percentile(times["home"], 95)
    print(
        f"{'page':10} {'median ms':>10} {'p95 ms':>8} {'p95/home median':>16} {'p95/home p95':>13}"
    )
    for name, values in times.items():
        p95 = percentile(values, 95)
        print(
            f"{name:10} {statistics.median(values):10.1f} {p95:8.1f} "
            f"{p95 / home_median:16.2f} {p95 / home_p95:13.2f}"
        )
    worst = max(pages, key=lambda name: percentile(times[name], 95))
    worst_p95 = percentile(times[worst], 95)
    met = worst_p95 <= 2 * home_p95 and worst_p95 <= 2 * home_median
    print(
        f"Slowest API page: {worst}, p95 {worst_p95:.1f} ms = {worst_p95 / home_p95:.2f}x the "
        f"uncached home page's p95 and {worst_p95 / home_median:.2f}x its median (target: "
        f"at most 2x each): {'met' if met else 'NOT met'}. {args.rounds} rounds; load "
        f"average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after."
    )


if __name__ == "__main__":
    main()
