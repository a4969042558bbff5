"""A query compiled once per connection gives what the ORM gives, in one query, for any value."""

import pytest
from django.db.models import F

from responsibilities.caching.prepared import PLACEHOLDER, PreparedFirst
from responsibilities.models import MatrixVersion
from responsibilities.services import draft_start, version_publish
from responsibilities.views.lookup import FIELDS
from tests.factories import ServiceFactory, make_version

pytestmark = pytest.mark.django_db


def _current(slug):
    return MatrixVersion.objects.published().filter(service__slug=slug, service__current_version=F("pk"))


def test_rows_are_the_orms_values_with_python_types(django_assert_num_queries):
    prepared = PreparedFirst(MatrixVersion, _current, FIELDS)
    first = make_version(service=ServiceFactory(slug="first"))
    second = make_version(service=ServiceFactory(slug="second"))
    for version in (first, second, first):
        with django_assert_num_queries(1):
            row = prepared.first(version.service.slug)
        assert row == _current(version.service.slug).values(*FIELDS).first()
        assert row["pk"] == version.pk and row["published_at"] == version.published_at  # converted, aware
    assert prepared.first("no-such-service") is None
    assert prepared.first(PLACEHOLDER) is None


def test_a_publish_is_seen_by_the_next_call():
    prepared = PreparedFirst(MatrixVersion, _current, FIELDS)
    version = make_version()
    assert prepared.first(version.service.slug)["number"] == 1
    version_publish(draft=draft_start(service=version.service), summary="Second")
    assert prepared.first(version.service.slug)["number"] == 2


def test_a_query_must_use_its_parameter_exactly_once():
    prepared = PreparedFirst(MatrixVersion, lambda slug: MatrixVersion.objects.published(), FIELDS)
    with pytest.raises(ValueError, match="exactly once"):
        prepared.first("anything")
