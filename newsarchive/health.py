"""/healthz: can this app server reach every database and the cache?

Load balancers call it often, so it is cheap: one trivial query per database, one cache
write and read. It answers 200 when all is well and 503 otherwise, naming which part
failed but never how (the details go to the log).
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def check_databases():
    results = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            results[alias] = "ok"
        except Exception:
            logger.exception("Health check: database %r does not answer", alias)
            results[alias] = "error"
    return results


def check_cache():
    key, value = "healthz:probe", secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=30)
        ok = cache.get(key) == value
    except Exception:
        logger.exception("Health check: the cache does not answer")
        ok = False
    return "ok" if ok else "error"


@never_cache
@require_safe
def healthz(request):
    databases = check_databases()
    cache_status = check_cache()
    healthy = cache_status == "ok" and all(v == "ok" for v in databases.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "databases": databases, "cache": cache_status},
        status=200 if healthy else 503,
    )
