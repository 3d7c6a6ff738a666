"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py newsarchive.wsgi`.

Each value can be overridden on the command line or in GUNICORN_CMD_ARGS.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))

# A worker silent for longer than this is killed and replaced, so a request stuck on
# something outside the database cannot hold it forever. PostgreSQL cancels a slow
# statement much earlier (DATABASE_STATEMENT_TIMEOUT, 5 s), answering a 503 in time.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30

# Recycle workers now and then so slow memory growth can never take a server down.
max_requests = 2000
max_requests_jitter = 200

# Request lines and headers past these sizes are refused (400) before Django sees them.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

accesslog = "-"


# Python's cyclic garbage collector: a full pass walks every object the process holds
# (about 85,000 once Django, the URL patterns and the templates are loaded), 50 to 180 ms
# on the benchmark machine, and stalls every request queued on the worker: that was the
# slow tail of the page benchmarks (docs/caching-and-speed.md). Once the app is loaded,
# gc.freeze() moves all of it out of the collector's sight for good, so a pass walks only
# what the requests made since; a higher first-generation threshold makes passes rarer.
# (Requests no longer leave cycles behind: newsarchive/requestcycles.py.)
GC_GEN0_THRESHOLD = int(os.environ.get("GUNICORN_GC_GEN0_THRESHOLD", "50000"))


def post_worker_init(worker):
    gc.collect()
    gc.freeze()
    if GC_GEN0_THRESHOLD > 0:
        _gen0, gen1, gen2 = gc.get_threshold()
        gc.set_threshold(GC_GEN0_THRESHOLD, gen1, gen2)
