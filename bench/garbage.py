"""What a page leaves for Python's cyclic garbage collector, per request, in one process.

    DATABASE_URL=... CACHE_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/garbage.py

Uses a database seeded by bench/seed.py (or run.py). For the home page and the article
with the most comments, served from the page cache (or rendered, without a shared cache),
through Django's WSGI handler as gunicorn calls it (the response closed after its body is
read), it prints the tracked objects left per request (``gc.get_count()`` with the
collector off), the objects only the collector could free (``gc.DEBUG_SAVEALL``) by type,
and what one full collection costs before and after ``gc.freeze()``.
"""

import argparse
import collections
import gc
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wsgi_get(app, path):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }
    headers = {}

    def start_response(status, response_headers, exc_info=None):
        headers.update(response_headers, status=status)

    result = app(environ, start_response)
    try:
        b"".join(result)
    finally:
        result.close()
    return headers


def measure(app, path, requests):
    for _ in range(3):
        headers = wsgi_get(app, path)
    print(f"{path}: {headers['status']}, X-Page-Cache {headers.get('X-Page-Cache', '-')}")
    gc.collect()
    gc.disable()
    try:
        before = gc.get_count()[0]
        for _ in range(requests):
            wsgi_get(app, path)
        print(f"  tracked objects left per request: {(gc.get_count()[0] - before) / requests:.1f}")
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        for _ in range(requests):
            wsgi_get(app, path)
        gc.collect()
        kinds = collections.Counter(type(o).__name__ for o in gc.garbage)
        print(f"  objects only the collector frees, per request: {len(gc.garbage) / requests:.1f}")
        print("   ", ", ".join(f"{k} {n / requests:g}" for k, n in kinds.most_common(8)))
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    started = time.perf_counter()
    gc.collect()
    full = (time.perf_counter() - started) * 1000
    gc.freeze()
    started = time.perf_counter()
    gc.collect()
    frozen = (time.perf_counter() - started) * 1000
    gc.unfreeze()
    print(
        f"  a full collection: {full:.1f} ms over {len(gc.get_objects()):,} objects; "
        f"{frozen:.3f} ms after gc.freeze()"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.inprocess import setup_django

    setup_django(ALLOWED_HOSTS="127.0.0.1", DEBUG="0", LOG_LEVEL="WARNING")
    from django.core.handlers.wsgi import WSGIHandler
    from django.db.models import Count

    from articles.models import Article

    app = WSGIHandler()
    busiest = Article.objects.published().annotate(n=Count("comments")).order_by("-n").first()
    if busiest is None:
        raise SystemExit("No published article: seed the database first (bench/seed.py).")
    for path in ["/", busiest.get_absolute_url()]:
        measure(app, path, args.requests)


if __name__ == "__main__":
    main()
