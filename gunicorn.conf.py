"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py newsarchive.wsgi`.

Each value can be overridden on the command line or in GUNICORN_CMD_ARGS.
"""

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
