"""Request rates of the API, counted in Django's cache (Redis with ``REDIS_URL``: shared by
every app server): per address for anonymous clients, per token for pipelines.

The rates are settings read on each request (``RACI_API_ANONYMOUS_RATE``,
``RACI_API_TOKEN_RATE``), so a deployment or a test can change them. A client over its rate
gets 429 with ``Retry-After``. Anonymous clients are told apart by their address as the last
trusted proxy saw it (``REST_FRAMEWORK["NUM_PROXIES"]``), never by a header they could forge.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousReadThrottle(AnonRateThrottle):
    """Anonymous clients (every read may be anonymous), by address."""

    def get_rate(self):
        return settings.RACI_API_ANONYMOUS_RATE


class TokenThrottle(UserRateThrottle):
    """Clients with a token, by user; anonymous ones are left to ``AnonymousReadThrottle``."""

    scope = "token"

    def get_rate(self):
        return settings.RACI_API_TOKEN_RATE

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
