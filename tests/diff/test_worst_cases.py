"""The diff's worst cases read as what happened (``bench/adversarial.py``), and matching stays bounded.

Every generated row ends with its own number ("… (17)."), so which old row a new row really
continues is known: the tests check what is reported, never how long it took (``make bench``
times the same pairs).
"""

import copy
import re

import pytest

from bench import adversarial, build
from responsibilities.diff import similarity, version_diff
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection

NUMBER = re.compile(r"\((\d+)\)\.$")


def number(text: str) -> str:
    return NUMBER.search(text).group(1)


def wrong_pairs(diff) -> list:
    return [(old.text, new.text) for old, new in diff.pairs if number(old.text) != number(new.text)]


@pytest.mark.parametrize("activities", [2_000, 10_000])
def test_every_activity_reworded_reads_as_that_many_rewordings(activities):
    diff = version_diff(*adversarial.every_row_reworded(activities))

    summary = diff.summary()
    assert (summary["reworded"], summary["added"], summary["removed"], summary["moved"]) == (activities, 0, 0, 0)
    assert not wrong_pairs(diff)
    assert all(len([op for op, _ in change.words if op != "equal"]) <= 2 for change in diff.reworded)


def test_rows_moved_between_sections_read_as_moved_and_reworded():
    old, new = adversarial.rows_moved(2_000)
    old_sections = {number(activity.text): section for section, activity in old.activities()}
    new_sections = {number(activity.text): section for section, activity in new.activities()}
    really_moved = {key for key in old_sections if old_sections[key] != new_sections[key]}

    diff = version_diff(old, new)

    # Rows written with 45 words look alike: one pair in a thousand at most is wrong.
    assert len(wrong_pairs(diff)) <= 2
    # Almost every row is paired; a handful moved far and reworded may read as removed and added.
    assert len(diff.added) == len(diff.removed) <= 10
    moved = {number(change.new.text) for change in diff.moved}
    assert moved <= really_moved and len(moved) >= len(really_moved) - 10
    assert len(diff.reworded) >= 0.28 * 2_000


def test_half_the_rows_replaced_read_as_added_and_removed_not_reworded():
    old, new = adversarial.half_replaced(2_000)
    kept = {activity.text for _, activity in new.activities()} & {activity.text for _, activity in old.activities()}

    diff = version_diff(old, new)

    assert diff.summary()["unchanged"] == len(kept)
    assert len(diff.added) == len(diff.removed) >= 0.99 * (2_000 - len(kept))
    assert len(diff.reworded) <= 0.005 * 2_000


def test_the_matching_is_deterministic_and_best_first():
    old = Matrix(
        parties=["Customer"],
        sections=[
            MatrixSection(
                title="Backups",
                activities=[
                    MatrixActivity("Check the nightly backup report", {"Customer": "RA"}),
                    MatrixActivity("Check the nightly backup reports", {"Customer": "RA"}),
                ],
            )
        ],
    )
    new = copy.deepcopy(old)
    new.sections[0].activities = [MatrixActivity("Check the nightly backup reporting", {"Customer": "RA"})]

    first, again = version_diff(old, new), version_diff(old, new)

    # Equally similar to both old rows ("report" + "ing", "reports" → "reporting"): the earlier one.
    assert first.matching() == again.matching()
    ((old_row, _),) = first.pairs
    assert old_row.text == "Check the nightly backup report"
    assert [row.text for row in first.removed] == ["Check the nightly backup reports"]


def test_a_better_pair_wins_whatever_the_order_of_the_rows():
    texts = ["Renew the domain name every year", "Renew the domain names yearly"]
    old = Matrix(parties=["Customer"], sections=[MatrixSection("Domains", [MatrixActivity(t) for t in texts])])
    new = Matrix(
        parties=["Customer"],
        sections=[MatrixSection("Domains", [MatrixActivity("Renew the domain names every year")])],
    )

    diff = version_diff(old, new)

    assert [(o.text, n.text) for o, n in diff.pairs] == [(texts[0], "Renew the domain names every year")]


def test_a_chapter_larger_than_the_window_still_pairs_its_rewordings(monkeypatch):
    monkeypatch.setattr(similarity, "CHAPTER_WINDOW", 40)
    old = build.bench_matrix(300)
    flat = Matrix(parties=old.parties, sections=[MatrixSection("All", [a for _, a in old.activities()])])
    old, new = flat, copy.deepcopy(flat)
    for index, activity in enumerate(new.sections[0].activities):
        activity.text = adversarial.reword(__import__("random").Random(index), activity.text)

    diff = version_diff(old, new)

    assert len(diff.reworded) == 300 and not wrong_pairs(diff)


def test_rows_compared_across_chapters_are_bounded_by_the_pair_budget(monkeypatch):
    """Beyond ``MOVED_PAIRS``, a row moved far away and reworded is no longer looked for there."""
    old = build.bench_matrix(400)
    new = copy.deepcopy(old)
    first_chapter, last_chapter = new.sections[0].children[0], new.sections[-1].children[-1]
    moved = first_chapter.activities.pop(0)
    moved.text = adversarial.reword(__import__("random").Random(1), moved.text)
    last_chapter.activities.append(moved)
    # The rest of the first and last chapters reworded beyond recognition: lots of rows left for step 4.
    for section in (first_chapter, last_chapter):
        for activity in section.activities[:-1] if section is last_chapter else section.activities:
            activity.text = f"Entirely different duty {number(activity.text)} ({number(activity.text)})."

    assert moved.text in {change.new.text for change in version_diff(old, new).moved}

    monkeypatch.setattr(similarity, "MOVED_PAIRS", 1)  # each row compared with the 4 rows nearest its place
    monkeypatch.setattr(similarity, "_MIN_WINDOW", 4)
    monkeypatch.setattr(similarity, "_CHUNK", 4)
    diff = version_diff(old, new)
    assert moved.text in {row.text for row in diff.added}
