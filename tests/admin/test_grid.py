"""The grid editor: every edit a revision needs, saved in one transaction, without JavaScript."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities.matrices import matrix_load
from responsibilities.models import AuditAction, AuditEntry, MatrixVersion
from responsibilities.services import draft_start
from tests.admin.grid_helpers import column_index, first_blank_row, grid_form_data, grid_url, row_index
from tests.factories import ServiceFactory, make_version, sample_matrix

pytestmark = pytest.mark.django_db


def _matrix(draft):
    return matrix_load(draft)


def _rows(draft):
    return [(activity.text, dict(activity.cells)) for _, activity in _matrix(draft).activities()]


def _open(client, service):
    response = client.get(grid_url(service))
    assert response.status_code == 200
    return response, grid_form_data(response)


def test_grid_shows_sections_activities_and_one_column_per_party(manager_client, service, draft):
    response = manager_client.get(grid_url(service))
    html = response.content.decode()
    assert "Subsection 1.1" in html and "Activity number 6" in html
    assert [form.initial["name"] for form in response.context["party_formset"].forms[:2]] == ["Customer", "OVHcloud"]
    labels = [form.initial.get("label") for form in response.context["row_formset"].forms if form.initial]
    assert labels[:4] == ["1.", "1.1.", "1.1.1", "1.1.2"]


def test_typing_letters_in_a_cell_saves_them_canonical(manager_client, service, draft):
    response, data = _open(manager_client, service)
    row, column = row_index(response, "Activity number 1"), column_index(response, "OVHcloud")
    data[f"row-{row}-c{column}"] = "c / i"
    response = manager_client.post(grid_url(service), data)
    assert response.status_code == 302
    assert _rows(draft)[0] == ("Activity number 1", {"Customer": "RA", "OVHcloud": "CI"})


def test_bad_letters_are_an_error_on_that_cell_naming_row_and_column_and_nothing_is_saved(
    manager_client, service, draft
):
    before = _rows(draft)
    response, data = _open(manager_client, service)
    row, column = row_index(response, "Activity number 2"), column_index(response, "Customer")
    data[f"row-{row}-c{column}"] = "RX"
    data[f"row-{row_index(response, 'Activity number 1')}-text"] = "Reworded"
    response = manager_client.post(grid_url(service), data)
    assert response.status_code == 200
    errors = response.context["row_formset"].forms[row].errors[f"c{column}"]
    assert "1.1.2" in errors[0] and "Customer" in errors[0] and "X" in errors[0]
    assert "raci-cell-error" in response.content.decode()
    assert _rows(draft) == before


def test_new_activity_in_a_blank_row_lands_where_its_order_number_puts_it(manager_client, service, draft):
    response, data = _open(manager_client, service)
    blank, after = first_blank_row(response), row_index(response, "Activity number 1")
    data.update(
        {
            f"row-{blank}-kind": "activity",
            f"row-{blank}-text": "Rotate the DKIM keys",
            f"row-{blank}-ORDER": str(int(data[f"row-{after}-ORDER"]) + 5),
            f"row-{blank}-c0": "ra",
            f"row-{blank}-c1": "i",
        }
    )
    assert manager_client.post(grid_url(service), data).status_code == 302
    rows = _rows(draft)
    assert rows[1] == ("Rotate the DKIM keys", {"Customer": "RA", "OVHcloud": "I"})
    assert len(rows) == 7


def test_rename_reorder_and_delete_keep_the_activity_keys(manager_client, service, draft):
    keys_before = {activity.text: activity.key for _, activity in _matrix(draft).activities()}
    response, data = _open(manager_client, service)
    first, second = row_index(response, "Activity number 1"), row_index(response, "Activity number 2")
    data[f"row-{first}-ORDER"], data[f"row-{second}-ORDER"] = data[f"row-{second}-ORDER"], data[f"row-{first}-ORDER"]
    data[f"row-{first}-text"] = "Activity number 1, reworded"
    data[f"row-{row_index(response, 'Activity number 3')}-DELETE"] = "on"
    data[f"row-{row_index(response, 'Subsection 1.1')}-text"] = "Daily operations"
    assert manager_client.post(grid_url(service), data).status_code == 302
    matrix = _matrix(draft)
    texts = [activity.text for _, activity in matrix.activities()]
    assert texts[:3] == ["Activity number 2", "Activity number 1, reworded", "Activity number 4"]
    assert matrix.sections[0].children[0].title == "Daily operations"
    keys_after = {activity.text: activity.key for _, activity in matrix.activities()}
    assert keys_after["Activity number 1, reworded"] == keys_before["Activity number 1"]
    assert keys_after["Activity number 2"] == keys_before["Activity number 2"]


def test_deleting_a_section_deletes_its_activities_and_subsections(manager_client, service, draft):
    response, data = _open(manager_client, service)
    data[f"row-{row_index(response, 'Section 1')}-DELETE"] = "on"
    assert manager_client.post(grid_url(service), data).status_code == 302
    matrix = _matrix(draft)
    assert [section.title for _, section in matrix.walk()] == ["Section 2", "Subsection 2.1"]
    assert [activity.text for _, activity in matrix.activities()] == ["Activity number 6"]


def test_a_new_section_and_subsection_nest_by_level(manager_client, service, draft):
    response, data = _open(manager_client, service)
    blank = first_blank_row(response)
    rows = [("section", 1, "End of service", ""), ("section", 2, "Data deletion", ""), ("activity", "", "Erase", "RA")]
    for offset, (kind, level, text, letters) in enumerate(rows):
        index = blank + offset
        data.update({f"row-{index}-kind": kind, f"row-{index}-level": str(level), f"row-{index}-text": text})
        data.update({f"row-{index}-ORDER": str(10000 + offset), f"row-{index}-c1": letters})
    assert manager_client.post(grid_url(service), data).status_code == 302
    matrix = _matrix(draft)
    assert matrix.sections[-1].title == "End of service"
    assert matrix.sections[-1].children[0].title == "Data deletion"
    assert matrix.sections[-1].children[0].activities[0].cells == {"Customer": "", "OVHcloud": "RA"}


def test_a_section_deeper_than_its_parent_allows_is_refused(manager_client, service, draft):
    before = _rows(draft)
    response, data = _open(manager_client, service)
    blank = first_blank_row(response)
    data.update({f"row-{blank}-kind": "section", f"row-{blank}-level": "4", f"row-{blank}-text": "Too deep"})
    data[f"row-{blank}-ORDER"] = "1"
    response = manager_client.post(grid_url(service), data)
    assert response.status_code == 200
    assert any("Too deep" in error and "level 4" in error for error in response.context["save_errors"])
    assert _rows(draft) == before


def test_columns_can_be_added_renamed_and_reordered(manager_client, service, draft):
    response, data = _open(manager_client, service)
    customer, provider = column_index(response, "Customer"), column_index(response, "OVHcloud")
    new = len(response.context["party_formset"].forms) - 1
    data[f"col-{customer}-name"] = "Client"
    data[f"col-{customer}-ORDER"], data[f"col-{provider}-ORDER"] = "2", "1"
    data[f"col-{new}-name"] = "Registrar"
    data[f"col-{new}-ORDER"] = "3"
    data[f"row-{row_index(response, 'Activity number 1')}-c{new}"] = "C"
    assert manager_client.post(grid_url(service), data).status_code == 302
    matrix = _matrix(draft)
    assert matrix.parties == ["OVHcloud", "Client", "Registrar"]
    first = next(activity for _, activity in matrix.activities())
    assert first.cells == {"OVHcloud": "I", "Client": "RA", "Registrar": "C"}


def test_two_columns_with_one_name_are_refused(manager_client, service, draft):
    response, data = _open(manager_client, service)
    data[f"col-{column_index(response, 'OVHcloud')}-name"] = "customer"
    response = manager_client.post(grid_url(service), data)
    assert response.status_code == 200
    assert any("customer" in error.lower() for error in response.context["save_errors"])
    assert _matrix(draft).parties == ["Customer", "OVHcloud"]


def test_rows_breaking_the_ar_rule_are_highlighted_with_the_reason_and_counted(manager_client, service, draft):
    response, data = _open(manager_client, service)
    data[f"row-{row_index(response, 'Activity number 2')}-c{column_index(response, 'OVHcloud')}"] = "I"
    manager_client.post(grid_url(service), data)
    response = manager_client.get(grid_url(service))
    html = response.content.decode()
    assert response.context["problem_count"] == 1
    assert "1 activity breaks the A/R rule" in html
    assert html.count("raci-has-problem") == 1
    assert "no party is Accountable (A)" in html


def test_a_save_is_audited_with_counts(manager_client, service, draft, manager):
    response, data = _open(manager_client, service)
    data[f"row-{row_index(response, 'Activity number 1')}-c0"] = "R"
    data[f"row-{row_index(response, 'Activity number 1')}-c1"] = "A"
    manager_client.post(grid_url(service), data)
    entry = AuditEntry.objects.filter(action=AuditAction.SAVE).get()
    assert (entry.user, entry.version_id, entry.service_id) == (manager, draft.pk, service.pk)
    assert entry.counts["letters_changed"] == 2 and entry.counts["added"] == 0
    assert entry.summary.startswith("2 letter cells changed")


def test_a_save_over_someone_elses_newer_save_is_refused(manager_client, service, draft):
    response, stale = _open(manager_client, service)
    _response, fresh = _open(manager_client, service)
    fresh[f"row-{row_index(response, 'Activity number 1')}-text"] = "Saved first"
    assert manager_client.post(grid_url(service), fresh).status_code == 302
    stale[f"row-{row_index(response, 'Activity number 2')}-text"] = "Saved second"
    response = manager_client.post(grid_url(service), stale)
    assert response.status_code == 200
    assert "Someone else saved this draft" in response.content.decode()
    assert [text for text, _ in _rows(draft)][:2] == ["Saved first", "Activity number 2"]


def test_a_second_tab_is_offered_the_other_save_and_its_own_edits_then_can_save_over(
    manager_client, other_manager, service, draft
):
    service.editors.add(other_manager)
    response, mine = _open(manager_client, service)
    first, second = row_index(response, "Activity number 1"), row_index(response, "Activity number 2")
    theirs = dict(mine)
    theirs[f"row-{first}-c{column_index(response, 'OVHcloud')}"] = "C"
    from django.test import Client

    other = Client()
    other.force_login(other_manager)
    assert other.post(grid_url(service), theirs).status_code == 302  # bob's tab saves first

    mine[f"row-{second}-text"] = "Activity number 2, clarified"
    response = manager_client.post(grid_url(service), mine)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this draft after you opened it" in html
    assert "<strong>bob</strong>" in html and "1.1. Activity number 1 — OVHcloud: I → C" in html  # theirs
    assert "1.1. reworded: “Activity number 2” → “Activity number 2, clarified”" in html  # mine
    assert "1.1. Activity number 1 — OVHcloud: C → I" in html  # saving mine would undo theirs: said
    assert "Activity number 2, clarified" in html  # the edits are still in the grid
    assert response.context["conflict"]["theirs"][0].username == "bob"

    # "Save mine over theirs" sends the grid again with the revision of their save.
    mine["revision"] = response.context["revision"]
    assert manager_client.post(grid_url(service), mine).status_code == 302
    assert [text for text, _ in _rows(draft)][:2] == ["Activity number 1", "Activity number 2, clarified"]


def test_without_a_draft_the_grid_sends_back_to_the_service_page(manager_client, service):
    response = manager_client.get(grid_url(service))
    assert response.status_code == 302
    assert not MatrixVersion.objects.drafts().exists()


def _grid_queries(client, manager, size) -> tuple[int, int]:
    service = ServiceFactory()
    service.editors.add(manager)
    make_version(service=service, matrix=sample_matrix(size, parties=("Customer", "OVHcloud", "Partner")))
    draft_start(service=service, user=manager)
    with CaptureQueriesContext(connection) as reading:
        response = client.get(grid_url(service))
    data = grid_form_data(response)
    data["row-1-text"] = "Renamed subsection"
    with CaptureQueriesContext(connection) as saving:
        assert client.post(grid_url(service), data).status_code == 302
    return len(reading), len(saving)


def test_grid_queries_do_not_grow_with_the_rows(manager_client, manager):
    small = _grid_queries(manager_client, manager, 10)
    large = _grid_queries(manager_client, manager, 300)
    assert small[0] == large[0] <= 15
    # Saving writes in bulk: only the database's batch size (SQLite: 999 parameters) adds a query.
    assert small[1] <= 45
    assert large[1] - small[1] <= 300 // 50


def test_a_new_section_row_with_letters_or_an_overlong_title_is_refused(manager_client, service, draft):
    before = _rows(draft)
    response, data = _open(manager_client, service)
    blank = first_blank_row(response)
    data.update({f"row-{blank}-kind": "section", f"row-{blank}-level": "1", f"row-{blank}-text": "Billing"})
    data.update({f"row-{blank}-c0": "RA", f"row-{blank + 1}-kind": "section", f"row-{blank + 1}-level": "1"})
    data[f"row-{blank + 1}-text"] = "x" * 501
    response = manager_client.post(grid_url(service), data)
    forms = response.context["row_formset"].forms
    assert "sections hold no letters" in forms[blank].errors["kind"][0]
    assert "at most 500 characters" in forms[blank + 1].errors["text"][0]
    assert _rows(draft) == before


def test_a_tampered_or_empty_post_changes_nothing(manager_client, service, draft):
    before = _rows(draft)
    response = manager_client.post(grid_url(service), {"title": "Hijack"})
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert _rows(draft) == before


def test_a_refused_save_tells_the_rule_of_the_grid_as_sent_not_as_stored(manager_client, service, draft):
    """A wrong letter refuses the save; an A given to a second party on another row must show as
    breaking the rule, in the header and on its row, although the stored draft follows it."""
    response, data = _open(manager_client, service)
    data[f"row-{row_index(response, 'Activity number 2')}-c{column_index(response, 'OVHcloud')}"] = "X"
    data[f"row-{row_index(response, 'Activity number 1')}-c{column_index(response, 'OVHcloud')}"] = "A"

    first = row_index(response, "Activity number 1")
    response = manager_client.post(grid_url(service), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Every activity follows the A/R rule" not in html
    assert "Not saved: the grid as you sent it." in html
    assert "2 activities break the A/R rule" in html  # two A's on 1.1.1; no A left on 1.1.2
    assert html.count("raci-has-problem") == 2
    assert f'href="#row-{first}"' in html


def test_the_grid_counts_in_words_with_plurals(manager_client, service, draft):
    html = manager_client.get(grid_url(service)).content.decode()
    assert "4 sections, 6 activities, 2 columns." in html

    response, data = _open(manager_client, service)
    for index, form in enumerate(response.context["row_formset"].forms):
        if form.initial.get("kind") == "activity" and form.initial["text"] != "Activity number 1":
            data[f"row-{index}-DELETE"] = "on"
    manager_client.post(grid_url(service), data)
    assert "4 sections, 1 activity, 2 columns." in manager_client.get(grid_url(service)).content.decode()


def test_renaming_a_section_is_saved_as_a_section_renamed(manager_client, service, draft):
    response, data = _open(manager_client, service)
    section = next(i for i, form in enumerate(response.context["row_formset"].forms) if form.initial.get("level") == 1)
    data[f"row-{section}-text"] = "A better title"

    response = manager_client.post(grid_url(service), data, follow=True)

    assert "Draft saved: 1 section renamed." in response.content.decode()
