"""Request rates, counted in the cache: anonymous clients by address, pipelines by token."""

import pytest
from rest_framework.authtoken.models import Token

from tests.api.conftest import authorized
from tests.factories import make_version

pytestmark = pytest.mark.django_db


def test_an_anonymous_client_over_its_rate_gets_429_with_retry_after(client, settings):
    settings.RACI_API_ANONYMOUS_RATE = "3/minute"
    make_version()
    codes = [client.get("/api/v1/services/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/services/")
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"].lower()
    # Another address has its own count.
    assert client.get("/api/v1/services/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_a_forged_forwarded_for_header_does_not_escape_the_rate(client, settings):
    """Behind one proxy (the default with SECURE_SSL_REDIRECT=0), the address it appends counts,
    not what the client wrote before it; without a proxy the header is ignored."""
    settings.RACI_API_ANONYMOUS_RATE = "2/minute"
    make_version()
    forged = [f"203.0.113.{n}, 198.51.100.7" for n in range(3)]
    codes = [client.get("/api/v1/services/", HTTP_X_FORWARDED_FOR=header).status_code for header in forged]
    assert codes == [200, 200, 429]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    codes = [client.get("/api/v1/services/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]


def test_a_token_has_its_own_rate(client, settings, manager, service):
    settings.RACI_API_ANONYMOUS_RATE = "1/minute"
    settings.RACI_API_TOKEN_RATE = "2/minute"
    token = Token.objects.create(user=manager).key
    assert client.get("/api/v1/services/").status_code == 200
    assert client.get("/api/v1/services/").status_code == 429
    codes = [client.get("/api/v1/services/", **authorized(token)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_count_lives_in_the_cache(client, settings):
    from django.core.cache import cache

    settings.RACI_API_ANONYMOUS_RATE = "1/minute"
    make_version()
    assert client.get("/api/v1/services/").status_code == 200
    assert client.get("/api/v1/services/").status_code == 429
    cache.clear()
    assert client.get("/api/v1/services/").status_code == 200
