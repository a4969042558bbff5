"""Spreadsheet exports cost work proportional to their cells, whatever the number of parties.

Work is counted in Python bytecode instructions run (deterministic, unlike a time): eight times
the cells may cost at most eight times the work. django-import-export's per-row field lookup made
it quadratic in the parties (a 5,000-party version took minutes; ``python -m bench.hostile``).
"""

import sys

import pytest

from responsibilities.formats import write
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection


def wide(parties: int, rows: int) -> Matrix:
    names = [f"P{index}" for index in range(parties)]
    activities = [
        MatrixActivity(f"do {row}", {name: "RA" if index == row % parties else "" for index, name in enumerate(names)})
        for row in range(rows)
    ]
    return Matrix(names, [MatrixSection("Operations", activities)])


def instructions(function) -> int:
    count = 0

    def each(frame, event, arg):
        nonlocal count
        count += 1
        return each

    def start(frame, event, arg):
        frame.f_trace_opcodes = True
        return each

    previous = sys.gettrace()
    sys.settrace(start)
    try:
        function()
    finally:
        sys.settrace(previous)
    return count


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_eight_times_the_parties_cost_at_most_eight_times_the_work(fmt):
    small, large = wide(40, 10), wide(320, 10)

    ratio = instructions(lambda: write(large, fmt)) / instructions(lambda: write(small, fmt))

    assert ratio < 8
