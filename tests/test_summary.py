"""The responsibility summary: per party, how many activities it holds each letter for."""

from responsibilities.summary import BAR_WIDTH, LetterCount, responsibility_summary
from tests.email_pro import email_pro_matrix


def counts(table):
    return {row.party: {cell.letter: cell.count for cell in row.letters} for row in table.parties}


def test_overall_counts_each_letter_per_party():
    summary = responsibility_summary(email_pro_matrix())
    assert summary.overall.activities == 16
    assert counts(summary.overall) == {
        "Customer": {"R": 8, "A": 9, "C": 0, "I": 3},
        "OVHcloud": {"R": 9, "A": 7, "C": 0, "I": 5},
    }


def test_each_top_level_section_is_counted_with_its_subsections():
    summary = responsibility_summary(email_pro_matrix())
    assert [(t.label, t.title, t.activities) for t in summary.sections] == [
        ("1.", "Before subscription", 4),
        ("2.", "Service availability", 3),
        ("3.", "Service usage", 9),
    ]
    assert counts(summary.sections[2])["Customer"] == {"R": 5, "A": 6, "C": 0, "I": 0}


def test_bar_width_is_proportional_and_visible_for_any_non_zero_count():
    assert LetterCount("R", 8, 16).bar_width == BAR_WIDTH // 2
    assert LetterCount("R", 1, 1000).bar_width == 1
    assert LetterCount("R", 0, 10).bar_width == 0
    assert LetterCount("R", 0, 0).bar_width == 0
    assert LetterCount("R", 3, 4).percent == 75
