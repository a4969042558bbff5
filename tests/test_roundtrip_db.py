"""Excel and back through the database: export a version, import the file, get the same matrix."""

import itertools

import pytest
from django.utils.text import slugify
from hypothesis import HealthCheck, given, settings

from responsibilities.formats import FORMATS, read_file, write
from responsibilities.matrices import matrix_load
from responsibilities.models import Service
from responsibilities.services import matrix_import
from tests.formats.test_roundtrip import comparable, matrices

pytestmark = pytest.mark.django_db
_numbers = itertools.count()


def _storable(matrix):
    """Party names must give distinct slugs (the filter URLs use them)."""
    slugs = [slugify(name) or "party" for name in matrix.parties]
    return len(set(slugs)) == len(slugs)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(matrix=matrices().filter(_storable))
def test_a_version_exported_and_imported_again_is_unchanged(fmt, matrix):
    number = next(_numbers)
    source = Service.objects.create(name=f"Source {number}", slug=f"source-{number}")
    draft = matrix_import(service=source, matrix=matrix, source="generated").draft
    stored = matrix_load(draft)

    target = Service.objects.create(name=f"Target {number}", slug=f"target-{number}")
    imported = read_file(write(stored, fmt), filename=f"export.{fmt}")
    again = matrix_load(matrix_import(service=target, matrix=imported, source=f"export.{fmt}").draft)

    assert comparable(again, fmt)["sections"] == comparable(stored, fmt)["sections"]
    assert again.parties == stored.parties
    if fmt != "csv":
        assert (again.title, again.introduction) == (stored.title, stored.introduction)
