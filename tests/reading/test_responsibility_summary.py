"""The responsibility summary: per party, how many activities it holds each letter for."""

from responsibilities.reading.responsibility_summary import BAR_WIDTH, LetterCount, responsibility_summary
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


def test_summary_table_is_an_accessible_table_that_escapes_names():
    from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection
    from responsibilities.templatetags.raci_summary import summary_table

    matrix = Matrix(
        parties=["<b>Customer</b>", "OVHcloud"],
        title="T",
        sections=[MatrixSection("A & B", [MatrixActivity("x", {"<b>Customer</b>": "RA", "OVHcloud": "I"})])],
    )
    summary = responsibility_summary(matrix)
    html = str(summary_table(summary.overall))
    assert "<b>Customer</b>" not in html
    assert '<th scope="row">&lt;b&gt;Customer&lt;/b&gt;</th>' in html
    assert html.count('<th scope="col">') == 5
    assert "<caption>Whole matrix: how many of its 1 activity each party holds each letter for</caption>" in html
    assert '<td class="count letter-r"><span class="number">1</span>' in html
    assert '<rect class="bar-fill" width="100" height="10"/>' in html
    assert "<caption>1. A &amp; B: 1 activity</caption>" in str(summary_table(summary.sections[0]))
