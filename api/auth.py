from django.contrib.auth.models import AnonymousUser
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .models import ApiKey


class ApiKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key <secret>`: optional; a key only raises the rate limit.

    Never a session: the API reads public data only, so it needs no login and no CSRF.
    """

    keyword = "Api-Key"

    def authenticate(self, request):
        words = request.META.get("HTTP_AUTHORIZATION", "").split()
        if not words or words[0] != self.keyword:
            return None
        if len(words) != 2:
            raise AuthenticationFailed("Write the header as: Authorization: Api-Key <your key>.")
        key = ApiKey.objects.for_secret(words[1])
        if key is None:
            raise AuthenticationFailed("Unknown or revoked API key.")
        return AnonymousUser(), key

    def authenticate_header(self, request):
        return self.keyword
