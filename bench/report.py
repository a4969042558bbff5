"""The benchmark's table: one row per measure, printed and written into README.md.

A row is a dict: ``name``, ``seconds`` (or None), ``reference_seconds`` (optional), ``ratio``,
``budget`` (seconds, or a ratio when there is a reference), ``ok`` (computed from the budget
when missing), ``note`` (optional), ``budget_text`` (optional, how to show the budget).
"""

from __future__ import annotations

import re
from pathlib import Path

README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"


def row_ok(row: dict) -> bool:
    """The row's verdict: its own ``ok``, else within its budget (a ratio with a reference)."""
    if "ok" in row and row["ok"] is not None:
        return bool(row["ok"])
    budget = row.get("budget")
    if budget is None:
        return True
    if row.get("reference_seconds") is not None:
        return row.get("ratio") is not None and row["ratio"] <= budget
    return row.get("seconds") is not None and row["seconds"] <= budget


def _duration(seconds) -> str:
    if seconds is None:
        return ""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms"


def _budget(row: dict) -> str:
    if row.get("budget_text"):
        return row["budget_text"]
    budget = row.get("budget")
    if budget is None:
        return ""
    if row.get("reference_seconds") is not None:
        return f"≤ {budget:g}×"
    return f"≤ {_duration(budget)}"


def _ratio(row: dict) -> str:
    ratio = row.get("ratio")
    return "" if ratio is None else f"{ratio:.2f}"


def table(rows: list[dict]) -> str:
    """The rows as a markdown table (readable in a terminal too)."""
    header = ["Measure", "Time", "Reference", "Ratio", "Budget", "OK", "Notes"]
    lines = [header]
    for row in rows:
        verdict = "yes" if row_ok(row) else "**NO**"
        if row.get("budget") is None and not row.get("budget_text"):
            verdict = ""
        lines.append(
            [
                row["name"],
                _duration(row.get("seconds")),
                _duration(row.get("reference_seconds")),
                _ratio(row),
                _budget(row),
                verdict,
                row.get("note", ""),
            ]
        )
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append("| " + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) + " |")
        if index == 0:
            out.append("| " + " | ".join("-" * width for width in widths) + " |")
    return "\n".join(out)


def write_readme(readme: Path, text: str) -> None:
    """Replace what lies between the benchmark markers of the README with ``text``."""
    content = readme.read_text()
    pattern = re.compile(re.escape(README_START) + r".*?" + re.escape(README_END), re.DOTALL)
    if not pattern.search(content):
        raise SystemExit(f"{readme} has no {README_START} … {README_END} block to fill in.")
    readme.write_text(pattern.sub(lambda _: f"{README_START}\n{text}\n{README_END}", content))
