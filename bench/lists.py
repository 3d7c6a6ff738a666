"""Time the home and tag pages uncached on a large database, and the counts they avoid.

    DATABASE_URL=sqlite:////path/million.sqlite3 .venv/bin/python bench/lists.py

Fill the database first with `bench/seed.py --articles 1000000`. Each page is requested
through Django's test client with production settings and the page cache off, once to warm
up and then `--repeat` times; the table gives its queries, median and slowest time. Then
it times the two counts the pages do not make (all published articles, the tag's
articles), to show what a paginator that counts would add to every request.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    sys.path.insert(0, str(ROOT))
    from bench.inprocess import setup_django as setup

    setup(CACHE_URL="locmem://", PAGE_CACHE_TIMEOUT="0")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--tag", default="banking", help="slug of the tag page to time")
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from articles.models import Article

    tag_url = reverse("articles:tag-detail", args=[args.tag])
    pages = [
        ("home", reverse("articles:article-list")),
        ("home, page 50", reverse("articles:article-list") + "?page=50"),
        (f"tag page ({args.tag})", tag_url),
        ("tag page, page 50", tag_url + "?page=50"),
    ]
    client = Client()
    print(f"{connection.vendor}, {Article.objects.count():,} articles\n")
    print("| page | status | queries | median ms | slowest ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, url in pages:
        client.get(url)
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
        print(
            f"| {name} | {response.status_code} | {len(queries)} | "
            f"{statistics.median(times):.1f} | {max(times):.1f} |"
        )
    print()
    for name, queryset in [
        ("all published articles", Article.objects.published()),
        (
            f"the articles tagged {args.tag}",
            Article.objects.published().filter(tags__slug=args.tag),
        ),
    ]:
        started = time.perf_counter()
        count = queryset.count()
        print(f"A count of {name} ({count:,}): {(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
