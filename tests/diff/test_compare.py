"""version_diff: matching rows across versions, cell changes, shifts, sections and parties."""

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.diff import bench_matrices
from responsibilities.diff import (
    TO_CUSTOMER,
    TO_PROVIDER,
    responsibility_shifts,
    version_diff,
    word_diff,
)
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection
from responsibilities.parties import customer_party


def row(text, customer="", provider="", key=""):
    return MatrixActivity(text=text, cells={"Customer": customer, "OVHcloud": provider}, key=key)


def matrix(*sections, parties=("Customer", "OVHcloud")):
    return Matrix(parties=list(parties), sections=list(sections))


def section(title, *activities, children=()):
    return MatrixSection(title=title, activities=list(activities), children=list(children))


def email_pro(keys=True):
    """A small matrix shaped like the seed document, with or without stable keys."""
    return matrix(
        section(
            "Before subscription",
            children=[
                section(
                    "Specify service as needed",
                    row("Define and configure a domain name before service subscription", "RA", key="k1" * keys),
                    row("Choose the service's sizing 10GB", "RA", "I", key="k2" * keys),
                    row("Choose service location in EU", "I", "RA", key="k3" * keys),
                )
            ],
        ),
        section(
            "Service availability",
            children=[
                section(
                    "Install service",
                    row("Create the mailboxes", "RA", "I", key="k4" * keys),
                    row("Deliver the platform in a working state", "I", "RA", key="k5" * keys),
                )
            ],
        ),
    )


def test_identical_versions_have_no_changes():
    diff = version_diff(email_pro(), email_pro())
    assert diff.is_empty
    assert diff.summary()["unchanged"] == 5
    assert diff.summary()["added"] == diff.summary()["removed"] == 0


def test_rows_are_matched_by_key_even_when_the_whole_text_changes():
    old, new = email_pro(), email_pro()
    new.sections[1].children[0].activities[0].text = "Provision every user account"
    diff = version_diff(old, new)
    assert [change.new.text for change in diff.reworded] == ["Provision every user account"]
    assert not diff.added and not diff.removed


def test_imported_documents_without_keys_show_a_reworded_row_as_reworded():
    old, new = email_pro(keys=False), email_pro(keys=False)
    new.sections[0].children[0].activities[
        0
    ].text = "Define and configure a domain name before subscribing to the service"
    diff = version_diff(old, new)
    assert not diff.added and not diff.removed
    (change,) = diff.reworded
    assert change.old.text == "Define and configure a domain name before service subscription"
    assert ("insert", "subscribing to the service") in change.words or any(
        op == "insert" and "subscribing" in text for op, text in change.words
    )
    assert diff.summary()["unchanged"] == 4


def test_fresh_keys_on_every_import_do_not_prevent_matching_identical_text():
    old, new = email_pro(keys=False), email_pro(keys=False)
    for index, (_, activity) in enumerate(old.activities()):
        activity.key = f"old-{index}"
    for index, (_, activity) in enumerate(new.activities()):
        activity.key = f"new-{index}"
    assert version_diff(old, new).is_empty


def test_an_unrelated_new_row_is_added_not_reworded():
    old, new = email_pro(keys=False), email_pro(keys=False)
    new.sections[1].children[0].activities[0] = row("Renew the SSL certificate yearly", "RA", "I")
    diff = version_diff(old, new)
    assert [r.text for r in diff.added] == ["Renew the SSL certificate yearly"]
    assert [r.text for r in diff.removed] == ["Create the mailboxes"]
    assert not diff.reworded


def test_word_diff_marks_only_the_changed_words():
    segments = word_diff("Choose the service's sizing 10GB", "Choose the service's sizing 50GB now")
    assert segments == [("equal", "Choose the service's sizing "), ("delete", "10GB"), ("insert", "50GB now")]
    assert "".join(text for op, text in segments if op != "insert") == "Choose the service's sizing 10GB"
    assert "".join(text for op, text in segments if op != "delete") == "Choose the service's sizing 50GB now"


def test_a_row_moved_to_another_section_is_moved_not_removed_and_added():
    for keys in (True, False):
        old, new = email_pro(keys), email_pro(keys)
        moved = new.sections[0].children[0].activities.pop(2)
        new.sections[1].children[0].activities.append(moved)
        diff = version_diff(old, new)
        assert [(c.old.label, c.new.label, c.new.text) for c in diff.moved] == [
            ("1.1.", "2.1.", "Choose service location in EU")
        ]
        assert not diff.added and not diff.removed and not diff.reworded


def test_renumbering_is_not_a_move():
    old, new = email_pro(), email_pro()
    new.sections.insert(0, section("Introduction", children=[section("Scope", row("Read the terms", "RA"))]))
    diff = version_diff(old, new)
    assert not diff.moved
    assert [r.text for r in diff.added] == ["Read the terms"]
    assert {(c.kind, c.new_title) for c in diff.sections} == {("added", "Introduction"), ("added", "Scope")}


def test_letters_are_compared_cell_by_cell():
    old, new = email_pro(), email_pro()
    new.sections[0].children[0].activities[1].cells = {"Customer": "RA", "OVHcloud": "C"}
    diff = version_diff(old, new)
    (change,) = diff.with_letter_changes
    assert [(cell.party, cell.old, cell.new) for cell in change.cells] == [("OVHcloud", "I", "C")]
    assert not change.shifts
    assert diff.summary()["letters_changed"] == 1


def test_an_r_moving_from_provider_to_customer_is_a_shift_with_more_customer_burden():
    old, new = email_pro(), email_pro()
    new.sections[0].children[0].activities[2].cells = {"Customer": "R", "OVHcloud": "A"}
    diff = version_diff(old, new)
    ((change, shift),) = diff.shifts
    assert change.new.text == "Choose service location in EU"
    assert (shift.letter, shift.direction, shift.more_customer_burden) == ("R", TO_CUSTOMER, True)
    assert shift.old_holders == ("OVHcloud",) and shift.new_holders == ("Customer",)
    assert diff.summary()["shifts_to_customer"] == 1 and diff.summary()["shifts_to_provider"] == 0


def test_an_a_handed_back_to_the_provider_is_a_shift_with_less_customer_burden():
    old, new = email_pro(), email_pro()
    new.sections[0].children[0].activities[0].cells = {"Customer": "R", "OVHcloud": "A"}
    diff = version_diff(old, new)
    ((_, shift),) = diff.shifts
    assert (shift.letter, shift.direction, shift.more_customer_burden) == ("A", TO_PROVIDER, False)
    summary = diff.summary()
    assert (summary["shifts"], summary["shifts_to_provider"], summary["shifts_to_customer"]) == (1, 1, 0)


def test_letters_changing_on_one_side_only_are_not_shifts():
    cells = {"Customer": "I", "OVHcloud": "RA"}
    assert responsibility_shifts(cells, "Customer", {"Customer": "C", "OVHcloud": "RA"}, "Customer") == []
    # The customer gains an R nobody held before: a change, not a move between sides.
    assert (
        responsibility_shifts(
            {"Customer": "", "OVHcloud": "A"}, "Customer", {"Customer": "R", "OVHcloud": "A"}, "Customer"
        )
        == []
    )


def test_a_third_party_counts_as_provider_side():
    shifts = responsibility_shifts(
        {"Customer": "", "OVHcloud": "A", "Partner": "R"},
        "Customer",
        {"Customer": "R", "OVHcloud": "A", "Partner": ""},
        "Customer",
    )
    assert [(s.letter, s.direction) for s in shifts] == [("R", TO_CUSTOMER)]


@pytest.mark.parametrize(
    ("parties", "expected"),
    [
        (["OVHcloud", "Customer"], "Customer"),
        (["Provider", "Client"], "Client"),
        (["Utilisateur", "OVHcloud"], "Utilisateur"),
        ([], None),
    ],
)
def test_customer_party_is_named_customer_or_client_else_the_first_column(parties, expected):
    assert customer_party(parties) == expected


def test_shift_direction_follows_the_customer_column_when_it_is_not_first():
    old = matrix(section("S", row("Back up data")), parties=("OVHcloud", "Client"))
    new = copy.deepcopy(old)
    old.sections[0].activities[0].cells = {"OVHcloud": "RA", "Client": "I"}
    new.sections[0].activities[0].cells = {"OVHcloud": "A", "Client": "R"}
    ((_, shift),) = version_diff(old, new).shifts
    assert shift.direction == TO_CUSTOMER


def test_parties_are_matched_by_name_and_added_or_removed_columns_reported():
    old = email_pro()
    new = email_pro()
    new.parties = ["Customer", "OVHcloud", "Partner"]
    new.sections[1].children[0].activities[0].cells["Partner"] = "C"
    diff = version_diff(old, new)
    assert diff.parties_added == ["Partner"] and diff.parties_removed == []
    assert not diff.with_letter_changes  # a new column is reported once, not as cell changes
    diff_back = version_diff(new, old)
    assert diff_back.parties_removed == ["Partner"]


def test_sections_added_removed_and_renamed():
    old, new = email_pro(), email_pro()
    new.sections[1].title = "Availability of the service"
    new.sections[0].children.append(section("Order the service", row("Pay the first invoice", "RA")))
    diff = version_diff(old, new)
    kinds = {(c.kind, c.old_title, c.new_title) for c in diff.sections}
    assert kinds == {
        ("renamed", "Service availability", "Availability of the service"),
        ("added", "", "Order the service"),
    }
    assert not diff.moved  # rows of a renamed section did not move
    removed = version_diff(new, old)
    assert ("removed", "Order the service", "") in {(c.kind, c.old_title, c.new_title) for c in removed.sections}


def test_duplicate_texts_pair_with_the_row_in_the_same_section():
    old = matrix(
        section("Backup", row("Check the result", "R", "A")), section("Restore", row("Check the result", "RA"))
    )
    new = copy.deepcopy(old)
    new.sections[1].activities[0].cells = {"Customer": "RA", "OVHcloud": "C"}
    diff = version_diff(old, new)
    (change,) = diff.changed
    assert change.new.section_title == "Restore" and not change.moved


def test_summary_counts_every_kind_of_change_on_a_large_matrix():
    old, new = bench_matrices(activities=400, seed=3)
    diff = version_diff(old, new)
    summary = diff.summary()
    total_old = sum(1 for _ in old.activities())
    total_new = sum(1 for _ in new.activities())
    assert summary["unchanged"] + len(diff.changed) + summary["removed"] == total_old
    assert summary["unchanged"] + len(diff.changed) + summary["added"] == total_new
    # ~5 % of the rows were changed, 4 removed and 4 added: nothing else is reported.
    assert summary["reworded"] > 0 and summary["moved"] > 0 and summary["letters_changed"] > 0
    assert len(diff.changed) <= total_old // 20
    assert summary["added"] == summary["removed"] == 4


def test_a_row_with_its_words_reordered_in_the_same_section_is_reworded():
    before = "Install with 1-click module your web application"
    after = "Install your web application with the one-click module"
    old = matrix(section("Install", row(before, "RA"), row("Pay", "RA")))
    new = matrix(section("Install", row(after, "RA"), row("Pay", "RA")))
    diff = version_diff(old, new)
    assert len(diff.reworded) == 1 and not diff.added and not diff.removed


def test_short_unrelated_rows_are_not_paired():
    old = matrix(section("Data", row("Back up data", "RA")))
    new = matrix(section("Data", row("Restore data", "RA")))
    diff = version_diff(old, new)
    assert [r.text for r in diff.added] == ["Restore data"] and [r.text for r in diff.removed] == ["Back up data"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["data", "Data", " ", "  ", "back-up", "é", ".", "\n", "(12)", "x"]), max_size=12),
    st.lists(st.sampled_from(["data", "Data", " ", "  ", "back-up", "é", ".", "\n", "(12)", "y"]), max_size=12),
)
def test_word_diff_gives_back_both_texts_whatever_they_are(old_tokens, new_tokens):
    old, new = "".join(old_tokens), "".join(new_tokens)
    segments = word_diff(old, new)
    assert "".join(text for op, text in segments if op != "insert") == old
    assert "".join(text for op, text in segments if op != "delete") == new
    assert all(text for _, text in segments)
    assert all(first[0] != second[0] for first, second in zip(segments, segments[1:], strict=False))
