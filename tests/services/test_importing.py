"""matrix_import: the dry-run report against the draft and the all-or-nothing apply."""

import pytest
from django.core.exceptions import ValidationError

from responsibilities.formats import MatrixFileError, markdown
from responsibilities.matrices import matrix_load
from responsibilities.models import Activity, MatrixVersion
from responsibilities.services import matrix_import, matrix_read
from tests.factories import ServiceFactory, make_version, sample_matrix
from tests.formats.helpers import page

pytestmark = pytest.mark.django_db


def edited(matrix):
    """The sample matrix with one row added, one changed and one removed."""
    first = matrix.sections[0].children[0]
    first.activities[0].cells = {"Customer": "I", "OVHcloud": "RA"}
    removed = first.activities.pop(1)
    first.activities.append(type(removed)(text="A brand new activity", cells={"Customer": "RA", "OVHcloud": ""}))
    return matrix, removed


def test_dry_run_reports_rows_added_changed_removed_and_letter_changes_without_writing():
    version = make_version(activities=6)
    matrix, removed = edited(sample_matrix(6))
    before = (MatrixVersion.objects.count(), Activity.objects.count())

    report = matrix_import(service=version.service, matrix=matrix, source="m.xlsx", dry_run=True)

    assert [row.text for row in report.added] == ["A brand new activity"]
    assert [row.text for row in report.removed] == [removed.text]
    assert [(row.text, row.before, row.after) for row in report.changed] == [
        ("Activity number 1", {"Customer": "RA", "OVHcloud": "I"}, {"Customer": "I", "OVHcloud": "RA"})
    ]
    assert [(c.party, c.before, c.after) for c in report.letter_changes] == [
        ("Customer", "RA", "I"),
        ("OVHcloud", "I", "RA"),
    ]
    assert (MatrixVersion.objects.count(), Activity.objects.count()) == before


def test_apply_replaces_the_draft_and_keeps_the_keys_of_matched_rows():
    version = make_version(activities=6)
    keys = {a.text: a.key for a in version.activities.all()}
    matrix, _ = edited(sample_matrix(6))

    report = matrix_import(service=version.service, matrix=matrix, source="m.xlsx")

    draft = MatrixVersion.objects.drafts().get(service=version.service)
    assert report.draft == draft and draft.source == "m.xlsx"
    stored = {a.text: a.key for a in draft.activities.all()}
    assert stored["Activity number 1"] == keys["Activity number 1"]
    assert stored["A brand new activity"] not in keys.values()
    assert matrix_load(draft).sections[0].children[0].activities[0].cells == {"Customer": "I", "OVHcloud": "RA"}


def test_apply_then_publish_records_the_override_for_a_real_page():
    service = ServiceFactory(name="Dedicated Servers")
    matrix = markdown.read(page("dedicated-servers/en-gb/2021-12-01.md"))

    report = matrix_import(service=service, matrix=matrix, source="2021-12-01.md", publish=True)

    assert report.published.number == 1
    assert str(report.published.last_updated) == "2021-12-01"
    assert report.published.ar_override
    assert len(report.published.ar_override_rows) == len(report.rule_problems) > 0


def test_apply_is_all_or_nothing():
    version = make_version(activities=4)
    make_version(service=version.service, published=False)
    draft_rows = list(MatrixVersion.objects.drafts().get().activities.values_list("text", flat=True))
    matrix = sample_matrix(3, parties=("Customer", "customer"))  # two parties with one slug

    with pytest.raises(ValidationError):
        matrix_import(service=version.service, matrix=matrix, source="bad.xlsx")

    assert list(MatrixVersion.objects.drafts().get().activities.values_list("text", flat=True)) == draft_rows


@pytest.mark.parametrize("rows", [20, 400])
def test_apply_uses_a_fixed_number_of_queries_whatever_the_size(rows, django_assert_max_num_queries):
    version = make_version(activities=rows)

    with django_assert_max_num_queries(45):
        matrix_import(service=version.service, matrix=sample_matrix(rows), source="m.xlsx")


def test_matrix_read_refuses_a_file_over_the_size_limit(settings):
    settings.RACI_MAX_IMPORT_BYTES = 100

    with pytest.raises(MatrixFileError, match=r"big.csv: the file is 200 bytes, over the 100 bytes limit"):
        matrix_read(b"x" * 200, filename="big.csv")


def test_matrix_read_lets_the_caller_set_the_metadata():
    data = b"Section,Section title,Activity,Customer\n1,One,Do,RA\n"

    matrix = matrix_read(data, filename="m.csv", title="Email Pro", summary="From Excel")

    assert (matrix.title, matrix.change_summary) == ("Email Pro", "From Excel")


def test_a_section_added_above_does_not_mark_every_row_as_changed():
    version = make_version(activities=6)
    matrix = sample_matrix(6)
    matrix.sections.insert(0, type(matrix.sections[0])(title="A new first chapter"))

    report = matrix_import(service=version.service, matrix=matrix, source="m.xlsx", dry_run=True)

    assert (report.added, report.changed, report.removed) == ([], [], [])


def test_a_row_moved_to_another_section_is_reported_with_where_it_was():
    version = make_version(activities=6)
    matrix = sample_matrix(6)
    row = matrix.sections[0].children[0].activities.pop(0)
    matrix.sections[1].children[0].activities.append(row)

    report = matrix_import(service=version.service, matrix=matrix, source="m.xlsx", dry_run=True)

    assert [(c.text, c.section, c.moved_from) for c in report.changed] == [
        ("Activity number 1", "2.1.", "1.1. Subsection 1.1")
    ]
