"""Schemathesis: requests generated from the published schema (/api/schema/) against the app.

Every operation, anonymous and with a pipeline's token: no server error, every status code
and body as the schema documents it, every header it names. Few examples per operation, so the
whole run takes seconds (``MAX_EXAMPLES``).
"""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import ServiceFactory, StaffFactory, make_version, sample_matrix

MAX_EXAMPLES = 12
#: The WSGI transport hands over bodies as sent: ask for them uncompressed (gzip is tested in
#: tests/caching/test_compression.py).
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """The app is called as a server calls it, so each request would end by closing the database
    connection the test's transaction lives on; as Django's test client does, not during a test."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def published(db, settings, wsgi_keeps_the_test_connection):
    # Hundreds of generated requests from one address: this run is about the schema, not the rates.
    settings.RACI_API_ANONYMOUS_RATE = "100000/minute"
    settings.RACI_API_TOKEN_RATE = "100000/minute"
    service = ServiceFactory(name="Email Pro", slug="email-pro")
    make_version(service=service, activities=8, last_updated=datetime.date(2022, 1, 1))
    second = sample_matrix(8)
    second.sections[0].children[0].activities[0].text = "Reworded activity"
    make_version(service=service, matrix=second, last_updated=datetime.date(2023, 1, 1), summary="Second")
    return service


#: Loaded from the app itself (generating the schema reads no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_anonymous_requests_conform_to_the_schema(case, published):
    # A family no listed service has is a documented 400 naming it (as on the catalogue), though
    # any text is a valid family in the schema (the families are data, not part of the contract).
    excluded = [positive_data_acceptance] if case.operation.label == "GET /api/v1/services/" else []
    case.call_and_validate(headers=PLAIN, excluded_checks=excluded)


@pytest.mark.django_db
@schema.include(method="POST").parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_pipeline_requests_conform_to_the_schema(case, published):
    user = StaffFactory(username="pipeline", is_superuser=True)
    token, _ = Token.objects.get_or_create(user=user)
    # A file's content is beyond what a schema says (a generated "file" is rarely a matrix): an
    # unreadable one is a documented 400 with its problems, not a schema-valid request refused.
    excluded = [positive_data_acceptance] if case.operation.label.endswith("/draft/import") else []
    case.call_and_validate(headers={**PLAIN, "Authorization": f"Token {token.key}"}, excluded_checks=excluded)
