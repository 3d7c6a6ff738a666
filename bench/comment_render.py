"""The article page's render with many comments, timed in one process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mine CACHE_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/comment_render.py [--comments 0 100 300 1000] [--requests 40]

Under churn (bench/churn.py) each approved comment invalidates the busiest article's page,
and readers wait for its next render: this times that render without wrk. It adds to the
database, once, one article per count with that many approved comments, 30% of them
replies (to earlier comments, nested up to COMMENTS_MAX_DEPTH), and a few pending ones; so
use a database of your own, migrated. Then, for each article, it touches the article's
page-cache key before every request, so that each is a miss that renders the page (with
CACHE_URL unset the page cache is off and every request renders anyway), and prints the
median and fastest CPU time and wall time of a render. CPU time is the figure to compare
on a shared machine: wall time there includes waiting for the cores.
"""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "comment-render-{}"


def add_article(count, rng):
    """An article with `count` approved comments, 30% of them replies."""
    from django.conf import settings
    from django.utils import timezone

    from articles.models import Article, Comment
    from bench.seed import COMPANIES, FIRST_NAMES

    now = timezone.now()
    article = Article.objects.create(
        title=f"An article with {count} comments",
        slug=SLUG.format(count),
        body="First paragraph.\n\nSecond paragraph.",
        status=Article.Status.PUBLISHED,
        published_at=now - datetime.timedelta(days=3),
    )
    article.tags.set(["Markets", "Banking"])
    start = now - datetime.timedelta(days=2)
    replies = count * 3 // 10
    depth = {}

    def comment(k, parent=None, **fields):
        paragraphs = (rng.paragraph(rng.randint(20, 60)) for _ in range(rng.randint(1, 3)))
        defaults = {
            "author_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(COMPANIES)}",
            "author_email": f"reader{k}@example.org",
            "author_url": "https://example.org/" if k % 4 == 0 else "",
            "body": "\n\n".join(paragraphs),
            "status": Comment.Status.APPROVED,
            "created_at": start + datetime.timedelta(minutes=k),
        }
        return Comment(article=article, parent=parent, **(defaults | fields))

    shown = Comment.objects.bulk_create(comment(k) for k in range(count - replies))
    depth.update((c.pk, 1) for c in shown)
    for k in range(replies):
        parent = rng.choice([c for c in shown if depth[c.pk] < settings.COMMENTS_MAX_DEPTH])
        reply = comment(count + k, parent=parent)
        reply.save()
        depth[reply.pk] = depth[parent.pk] + 1
        shown.append(reply)
    pending = [comment(2 * count + k, status=Comment.Status.PENDING) for k in range(5)]
    Comment.objects.bulk_create(pending)
    return article


def time_renders(client, article, requests):
    import pagecache

    url = article.get_absolute_url()
    cpu, wall = [], []
    for i in range(requests + 3):  # three to warm up
        pagecache.touch({f"article:{article.pk}"})
        started_cpu, started = time.process_time(), time.perf_counter()
        response = client.get(url)
        if i >= 3:
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200 or response.get("X-Page-Cache", "miss") != "miss":
            sys.exit(f"{url}: {response.status_code} {response.get('X-Page-Cache')}")
    return cpu, wall


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, nargs="+", default=[0, 100, 300, 1000])
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench.inprocess import setup_django

    setup_django()
    from django.db import connection, transaction
    from django.test import Client

    from articles.models import Article, Comment
    from bench.seed import Rng

    rng = Rng(18)
    client = Client()
    print(f"{connection.vendor}, {args.requests} renders each\n")
    print("| comments | approved | CPU ms, median (fastest) | wall ms, median (fastest) |")
    print("| ---: | ---: | ---: | ---: |")
    for count in args.comments:
        article = Article.objects.filter(slug=SLUG.format(count)).first()
        if article is None:
            with transaction.atomic():
                article = add_article(count, rng)
        cpu, wall = time_renders(client, article, args.requests)
        approved = Comment.objects.approved().filter(article=article).count()
        print(
            f"| {count:,} | {approved:,} | {statistics.median(cpu):.1f} ({min(cpu):.1f}) "
            f"| {statistics.median(wall):.1f} ({min(wall):.1f}) |"
        )


if __name__ == "__main__":
    main()
