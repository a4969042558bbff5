"""matrix_load reads back exactly what matrix_write stored, in a fixed number of queries."""

import pytest
from django.core.exceptions import ValidationError

from responsibilities.formats import markdown
from responsibilities.formats.json_format import fingerprint
from responsibilities.matrices import matrix_load, matrix_write
from tests.factories import ServiceFactory, make_version, sample_matrix
from tests.formats.helpers import CORPUS_PAGES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", CORPUS_PAGES[:6], ids=lambda path: path.name)
def test_matrix_load_reads_back_what_matrix_write_stored(path):
    written = markdown.read(path.read_bytes())
    version = make_version(service=ServiceFactory(), matrix=written)

    loaded = matrix_load(version)

    assert loaded.parties == written.parties
    assert [(n, s.title) for n, s in loaded.walk()] == [(n, s.title) for n, s in written.walk()]
    assert [(n, a.text, a.cells) for n, a in loaded.activities()] == [
        (n, a.text, {party: a.cells.get(party, "") for party in written.parties}) for n, a in written.activities()
    ]
    assert fingerprint(loaded) == version.fingerprint


@pytest.mark.parametrize("rows", [10, 300])
def test_matrix_load_uses_a_fixed_number_of_queries(rows, django_assert_num_queries):
    version = make_version(activities=rows)

    with django_assert_num_queries(5):
        matrix_load(version)


def test_matrix_write_refuses_a_published_version():
    published = make_version()
    with pytest.raises(ValidationError, match="never be changed"):
        matrix_write(version=published, matrix=sample_matrix(3))
