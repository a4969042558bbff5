"""The diff page's tables, built in Python: every kind of row, escaped, in the template's markup."""

import pytest

from responsibilities.diff import version_diff
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection
from responsibilities.reading.diff_tables import diff_tables

SCRIPT = "<script>alert(1)</script>"


def matrix(*sections):
    return Matrix(parties=["Customer", "OVH<cloud>"], sections=list(sections))


def row(text, customer="", provider=""):
    return MatrixActivity(text=text, cells={"Customer": customer, "OVH<cloud>": provider})


@pytest.fixture
def tables():
    old = matrix(
        MatrixSection(
            "Data & backups", [row(f"Back up {SCRIPT} nightly", "RA"), row("Delete <b>old</b> logs", "I", "RA")]
        ),
        MatrixSection("Billing", [row("Pay the invoice", "RA", "I"), row("Remove me & mine", "R", "A")]),
    )
    new = matrix(
        MatrixSection("Data & backups", [row(f"Back up {SCRIPT} every night", "RA")]),
        MatrixSection(
            "Billing",
            [row("Pay the invoice", "I", "RA"), row("Delete <b>old</b> logs", "I", "RA"), row("Add <i>", "C", "RA")],
        ),
    )
    return diff_tables(version_diff(old, new))


def test_every_text_is_escaped(tables):
    html = "".join(str(part) for part in vars(tables).values())
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html and "OVH<cloud>" not in html
    assert "Back up &lt;script&gt;alert(1)&lt;/script&gt; " in html
    assert "Remove me &amp; mine" in html


def test_rows_keep_the_template_markup(tables):
    words = "Back up &lt;script&gt;alert(1)&lt;/script&gt; <del>nightly</del><ins>every night</ins>"
    assert f'<th scope="row" class="words">{words}</th>' in tables.reworded
    assert '<td class="letters"><del>RA</del></td><td class="letters"><ins>I</ins></td>' in tables.letters
    assert '<td><abbr title="Responsible">R</abbr></td><td>Customer</td><td>OVH&lt;cloud&gt;</td>' in tables.shifts
    assert "To the provider: less customer responsibility" in tables.shifts
    assert '<tr class="to-provider">' in tables.shifts
    assert "<td>1. Data &amp; backups</td><td>2. Billing</td>" in tables.moved
    letters = '<td class="letters">C</td><td class="letters">RA</td>'
    assert f'<tr class="added"><td>2.</td><th scope="row"><ins>Add &lt;i&gt;</ins></th>{letters}</tr>' in tables.added
    assert (
        '<th scope="row"><del>Remove me &amp; mine</del></th><td class="letters">R</td><td class="letters">A</td>'
        in tables.removed
    )


def test_a_diff_with_nothing_changed_has_empty_tables():
    same = matrix(MatrixSection("Billing", [row("Pay the invoice", "RA", "I")]))
    assert not any(str(part) for part in vars(diff_tables(version_diff(same, same))).values())
