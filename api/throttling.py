from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from articles.clientip import client_ip

from .models import ApiKey


class ClientRateThrottle(SimpleRateThrottle):
    """One limit per client: per key for a key's holder (its own rate), per address for
    everyone else (API_ANON_RATE). The address is the one the site trusts for comments,
    X-Forwarded-For only from TRUSTED_PROXIES. Over the limit: 429 with Retry-After."""

    scope = "client"

    def get_rate(self):
        return settings.API_ANON_RATE

    def allow_request(self, request, view):
        if isinstance(request.auth, ApiKey):
            self.rate = request.auth.rate
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = f"key-{request.auth.pk}"
        else:
            ident = f"ip-{client_ip(request)}"
        return f"api-throttle:{ident}"
