"""Settings for newsarchive, read from the environment.

Each environment variable is named after the Django setting it sets. With DEBUG off (the
default) every security setting defaults to its safe value; plain-HTTP serving on a
developer's machine is an explicit opt-out (DEBUG=1, or the SECURE_*/*_COOKIE_SECURE
variables set to 0), documented in docs/operations.md.
"""

import ipaddress
import os
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from .envparse import env_bool, env_float, env_int, env_list, parse_cache_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For local work set DEBUG=1, "
            "or generate a key with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    # Only ever used with DEBUG on, on a developer's machine (so bandit is told: nosec).
    SECRET_KEY = "django-insecure-local-development-only"  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "outbox",
    "reversion",
    "django_prose_editor",
    "imagekit",
    "images",
    "pagecache",
    "articles",
    "citations",
    "rest_framework",
    "drf_spectacular",
    "api",
    "copies",
    "companies",
    "figures",
    "captures",
    "authors",
    "corrections",
    # Last: it wraps the per-reader placeholders the apps above register.
    "frontcache",
]

MIDDLEWARE = [
    # Outermost, so it sees the response last: frees each request's objects on close.
    "newsarchive.requestcycles.ReleaseRequestMiddleware",
    # Sees the final response (cookies included) of the pages anonymous readers share.
    "frontcache.headers.SharedCacheHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "articles.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the request's data: NUL bytes and invalid UTF-8 get a 400.
    "articles.middleware.RejectBadInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsarchive.db_router.PinPrimaryAfterWriteMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A reader's first post from a page served by the front cache (docs/front-cache.md).
    "frontcache.csrf.FirstVisitCsrfMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost, so it sees the views' database errors first and answers a static 503.
    "articles.middleware.DatabaseUnavailableMiddleware",
]

# The benchmark harness points this at bench.urls to add its framework-floor view.
ROOT_URLCONF = os.environ.get("ROOT_URLCONF", "newsarchive.urls")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
                # Last: in pages rendered for the page cache, the CSRF token is a placeholder.
                "pagecache.context",
            ],
        },
    },
]

WSGI_APPLICATION = "newsarchive.wsgi.application"

# Database: PostgreSQL in production through DATABASE_URL; a SQLite file in the project
# folder by default, so a newcomer needs nothing installed.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A statement running longer than this (seconds) is cancelled by PostgreSQL, so a slow
# query cannot hold a worker; the page answers 503. 0 turns the limit off (for a long
# migration, say).
DATABASE_STATEMENT_TIMEOUT = env_float("DATABASE_STATEMENT_TIMEOUT", 5.0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={round(DATABASE_STATEMENT_TIMEOUT * 1000)}"
    )
    # A server that does not answer at all fails the request quickly instead of hanging.
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)
# While the database cannot answer, pages are a static 503 asking clients to come back
# after this many seconds.
DATABASE_RETRY_AFTER = env_int("DATABASE_RETRY_AFTER", 30)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a comment is written; IMMEDIATE transactions take
    # the write lock up front, so concurrent writers wait (up to the timeout) instead of
    # failing with "database is locked" when a read transaction upgrades to a write.
    # Memory-mapped reads (up to 1 GiB of the file) go through the operating system's page
    # cache, shared by every connection: a search on 100,000 articles reads article rows
    # in a few milliseconds instead of tens (see bench/README.md).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# A read replica, when configured: reads go to it, writes and reads that follow a write go to
# the primary (newsarchive.db_router). Tests mirror it onto the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    # The same statement timeout (PostgreSQL) or WAL settings (SQLite) as the primary.
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["replica"]["CONN_MAX_AGE"] = 0
DATABASE_ROUTERS = ["newsarchive.db_router.PrimaryReplicaRouter"]
# How long reads stay on the primary after a reader's write, so replication lag never hides
# what they just did (their redirect and the next few pages).
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)

# The cache: by default files in a folder that every process on this machine shares (so the
# page cache works with several gunicorn workers and no other server); Redis, shared by every
# app server, through CACHE_URL or REDIS_URL, e.g. redis://127.0.0.1:6379/0.
CACHE_URL = (
    os.environ.get("CACHE_URL")
    or os.environ.get("REDIS_URL")
    or f"file://{BASE_DIR / 'var' / 'cache'}"
)


CACHES = {"default": parse_cache_url(CACHE_URL)}
CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "newsarchive")

# Public pages are cached whole for anonymous readers for up to this many seconds, and
# invalidated by what they show (pagecache/). Only with a cache that all processes share
# (Redis, or files on one machine): with per-process memory one worker could not invalidate
# another's pages, so the default is 0 (off) there; and with DEBUG (`make run`), where a
# developer's template edit must show at once.
SHARED_CACHE = CACHES["default"]["BACKEND"].rsplit(".", 1)[1] in {
    "ReusedClientRedisCache",
    "RarelyCountedFileBasedCache",
}
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 3600 if SHARED_CACHE and not DEBUG else 0)
# Each process also keeps its last-served pages, up to this many bytes, and uses them while
# the shared cache says they are current: a hit then fetches a short token, not the page.
PAGE_CACHE_LOCAL_BYTES = env_int("PAGE_CACHE_LOCAL_BYTES", 16 * 1024 * 1024)
# A page's first miss after a change renders it; other requests for it wait this many
# seconds at most for that render (pagecache/renderlock.py) before rendering themselves.
PAGE_CACHE_RENDER_WAIT = env_float("PAGE_CACHE_RENDER_WAIT", 2.0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: a locked-out username and address never reach the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Static files: hashed, compressed names served by WhiteNoise.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Source maps (the admin editor's is 2.3 MB) are read only by a developer's browser tools:
# compressing them would triple the time collectstatic takes, for nothing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploaded media (the image library): files under MEDIA_ROOT by default, or S3-compatible
# object storage (django-storages) when AWS_STORAGE_BUCKET_NAME is set, so that several app
# servers and a CDN share them. See docs/images.md.
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Any S3-compatible server (MinIO, Ceph, Garage, a cloud's); empty for AWS itself.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # A CDN's or the bucket's public host name, used in page addresses.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Renditions are public: plain addresses, not signed ones that expire (and that
            # would differ on each render, defeating the page cache).
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# Images: originals and renditions live in these folders of the storage; only renditions
# are ever served.
IMAGES_ORIGINALS_DIR = "originals"
IMAGES_RENDITIONS_DIR = "renditions"
IMAGES_MAX_UPLOAD_BYTES = env_int("IMAGES_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# A picture larger than this many pixels is refused before it is decoded (50 megapixels).
IMAGES_MAX_PIXELS = env_int("IMAGES_MAX_PIXELS", 50_000_000)
# The app serves renditions itself only for `make run` (DEBUG); production uses nginx or
# object storage (docs/images.md).
IMAGES_SERVE_MEDIA = env_bool("IMAGES_SERVE_MEDIA", DEBUG)
# django-imagekit: renditions are made when an image is saved, never while a page renders.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"

# Messages travel in a signed cookie, so app servers keep no state of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

# Tags: "Google" and "google" are one tag.
TAGGIT_CASE_INSENSITIVE = True

# Security. Safe values unless DEBUG is on or the operator opts out explicitly.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Addresses (or networks, "10.0.0.0/8") of the proxies in front of the app. Only a request
# arriving from one of them has its X-Forwarded-For header believed (articles/clientip.py);
# from anyone else the header is ignored, so it cannot be spoofed.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network."
        ) from None

# Content-Security-Policy (django-csp): everything from our own origin, no inline script or
# style, no plugins, no framing. The admin works under it (Django's admin has no inline JS).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # A nonce only where a page asks for one (the admin's rich-text editor's import
        # map); other pages send no nonce and allow no inline script at all.
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if SECURE_SSL_REDIRECT:
    # Served over HTTPS only: any http:// reference left in old article bodies is upgraded.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Browser features no page of ours uses, turned off for every page (Permissions-Policy).
# Only features Chromium recognises: it ignores an unknown one with a console warning
# ("bluetooth", say), and the e2e tests check that none is left.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "midi",
        "display-capture",
    ]
}

# The admin lives at ADMIN_URL; moving it off /admin/ spares it most automated scanning.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("ADMIN_URL must be a path such as 'admin/', not empty.")

# Brute-force protection on the admin login (django-axes): after AXES_FAILURE_LIMIT failed
# attempts for one username from one address, that pair is locked out until staff reset it
# or AXES_COOLOFF_TIME hours pass. The address comes from articles.clientip.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_float("AXES_COOLOFF_TIME", 1.0) or None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "articles.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "articles.lockout.locked_out"
AXES_VERBOSE = False

# A refused form answers with the site's own page, saying what to do next.
CSRF_FAILURE_VIEW = "articles.views.csrf_failure"

# Limits on every input.
# (Uploaded files are not counted here: the image library has IMAGES_MAX_UPLOAD_BYTES.)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000)

# Search ranks at most this many matches (the newest, after filters): the cost of a search
# stays bounded however common its words are.
SEARCH_MAX_RESULTS = env_int("SEARCH_MAX_RESULTS", 500)

# How long a preview share link of an unpublished article stays valid, in days.
PREVIEW_LINK_MAX_AGE_DAYS = env_int("PREVIEW_LINK_MAX_AGE_DAYS", 7)

# The name shown in the masthead, page titles and feeds.
SITE_NAME = os.environ.get("SITE_NAME", "Business News Archive")

# Two articles are copies of one story when the estimated Jaccard similarity of their
# 5-word shingles is at least this (copies app).
COPIES_THRESHOLD = env_float("COPIES_THRESHOLD", 0.8)

# The read-only JSON API (/api/v1/): JSON only, keys instead of sessions, one rate limit per
# client (API_ANON_RATE for anonymous readers, each API key's own rate for its holder).
API_ANON_RATE = os.environ.get("API_ANON_RATE", "60/minute")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.auth.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": "Read-only access to the archive's published articles, tags and approved "
    "comments. No email or IP address is ever part of an answer.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# Reader comments (see docs/reading-and-comments.md).
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", 5)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0)
COMMENTS_HOLD_ALL = env_bool("COMMENTS_HOLD_ALL", False)
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
# One word or phrase per line or comma; matched case- and accent-insensitively.
COMMENTS_DISALLOWED_WORDS = [
    word.strip()
    for word in os.environ.get("COMMENTS_DISALLOWED_WORDS", "").replace("\n", ",").split(",")
    if word.strip()
]
COMMENTS_FLOOD_SECONDS = env_int("COMMENTS_FLOOD_SECONDS", 15)
COMMENTS_MIN_SUBMIT_SECONDS = env_int("COMMENTS_MIN_SUBMIT_SECONDS", 3)
COMMENTS_FORM_MAX_AGE = env_int("COMMENTS_FORM_MAX_AGE", 2 * 60 * 60)
COMMENT_IP_RETENTION_DAYS = env_int("COMMENT_IP_RETENTION_DAYS", 30)

# Email: printed on the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsarchive@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = os.environ.get("EMAIL_SUBJECT_PREFIX", f"[{SITE_NAME}] ")
# Who is emailed about comments held for moderation: "Name <address>" or bare addresses,
# comma-separated. Empty means every active staff user allowed to moderate comments.
MANAGERS = [parseaddr(entry) for entry in env_list("MANAGERS")]

# Background work (emails) goes through the django-tasks API into a table of this database,
# so one machine needs no other server; `manage.py run_worker` runs it (docs/operations.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Seconds between attempts to send an email while the mail server refuses or is down; after
# the last one (about three days in all) the email is marked "gave up", to send again from
# the admin.
OUTBOX_RETRY_DELAYS = [15, 60, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 86400]
# How long a worker may take over one email before another worker takes it as lost (the
# first one died) and sends it: well above the mail server's timeout for a whole message.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", max(60, 6 * EMAIL_TIMEOUT))

# The HTTP cache in front (docs/front-cache.md). FRONT_CACHE_URLS lists every Varnish
# (http://host:port) that takes key purges; with it set, the pages the page cache shares
# between anonymous readers say shared caches may keep them FRONT_CACHE_S_MAXAGE seconds
# (0 without a front cache: no shared cache would be told of changes).
FRONT_CACHE_URLS = env_list("FRONT_CACHE_URLS")
for _url in FRONT_CACHE_URLS:
    if not _url.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"FRONT_CACHE_URLS: {_url!r} must start with http(s)://.")
FRONT_CACHE_S_MAXAGE = env_int("FRONT_CACHE_S_MAXAGE", 3600 if FRONT_CACHE_URLS else 0)
# A cached page past s-maxage is served while a fresh copy is fetched (this many seconds),
# and for longer while the app is down.
FRONT_CACHE_STALE_WHILE_REVALIDATE = env_int("FRONT_CACHE_STALE_WHILE_REVALIDATE", 30)
FRONT_CACHE_STALE_IF_ERROR = env_int("FRONT_CACHE_STALE_IF_ERROR", 86400)
# The per-reader fragments of readers without any cookie are shared this many seconds
# (frontcache/esi.py says why that is safe); 0 asks the app for each page view.
FRONT_CACHE_FRAGMENT_SECONDS = env_int("FRONT_CACHE_FRAGMENT_SECONDS", 5)
# Seconds to wait for a front cache to answer a purge, and between tries when it does not
# (after the last, the purge is given up and the pages age out at s-maxage).
FRONT_CACHE_PURGE_TIMEOUT = env_float("FRONT_CACHE_PURGE_TIMEOUT", 5.0)
FRONT_CACHE_RETRY_DELAYS = [1, 2, 5, 15, 60, 300, 900, 3600]
# The forms a reader may post from a page of the front cache before any cookie of ours has
# reached them, checked by their Origin instead (URL names; frontcache/csrf.py).
FRONT_CACHE_FIRST_VISIT_FORMS = ["articles:comment-create"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # The worker's "starting"/"no more tasks" lines every poll; each task's own start,
        # end and failure are still logged (django_tasks).
        "django_tasks_db": {"level": "WARNING"},
    },
}
