"""matrix_load reads the very matrix matrix_from_version builds, in a fixed number of queries."""

import pytest

from responsibilities.formats import markdown
from responsibilities.formats.json_format import fingerprint
from responsibilities.matrices import matrix_from_version, matrix_load
from responsibilities.models import MatrixVersion
from tests.factories import ServiceFactory, make_version
from tests.formats.helpers import CORPUS_PAGES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", CORPUS_PAGES[:6], ids=lambda path: path.name)
def test_matrix_load_equals_matrix_from_version(path):
    version = make_version(service=ServiceFactory(), matrix=markdown.read(path.read_bytes()))

    loaded = matrix_load(version)

    assert loaded == matrix_from_version(MatrixVersion.objects.with_matrix().get(pk=version.pk))
    assert fingerprint(loaded) == version.fingerprint


@pytest.mark.parametrize("rows", [10, 300])
def test_matrix_load_uses_a_fixed_number_of_queries(rows, django_assert_num_queries):
    version = make_version(activities=rows)

    with django_assert_num_queries(5):
        matrix_load(version)
