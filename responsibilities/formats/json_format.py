"""JSON: the whole version nested, with the SHA-256 fingerprint of its canonical form.

``canonical_json`` is what an auditor hashes to prove what was published: sorted keys, no
insignificant whitespace, UTF-8, without the fingerprint itself and without reader warnings.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from responsibilities import limits
from responsibilities.formats.base import FileProblem, MatrixFileError, decode_text
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection, section_label
from responsibilities.letters import LettersError, normalize_letters

CONTENT_TYPE = "application/json"


def _section_dict(number, section) -> dict:
    data = {
        "number": section_label(number),
        "title": section.title,
        "activities": [
            {"key": activity.key, "text": activity.text, "assignments": dict(activity.cells)}
            for activity in section.activities
        ],
        "children": [_section_dict((*number, index), child) for index, child in enumerate(section.children, 1)],
    }
    # Only when there is one: versions published before notes existed keep their fingerprints.
    if section.note:
        data["note"] = section.note
    return data


def as_dict(matrix: Matrix) -> dict:
    """The matrix as plain JSON-ready data, without its fingerprint.

    ``language`` is there only for a translation's words: a version in its own language keeps
    the canonical form (and the fingerprint) it had before translations existed.
    """
    data = {
        "service": matrix.service,
        "version": matrix.version,
        "title": matrix.title,
        "introduction": matrix.introduction,
        "last_updated": matrix.last_updated.isoformat() if matrix.last_updated else None,
        "change_summary": matrix.change_summary,
        "parties": list(matrix.parties),
        "sections": [_section_dict((index,), section) for index, section in enumerate(matrix.sections, 1)],
    }
    if matrix.language:
        data["language"] = matrix.language
    return data


def canonical_json(matrix: Matrix) -> bytes:
    """The bytes the fingerprint is taken over: sorted keys, no spaces, UTF-8."""
    return json.dumps(as_dict(matrix), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def fingerprint(matrix: Matrix) -> str:
    """SHA-256 (hex) of the canonical JSON: the same matrix always gives the same fingerprint."""
    return hashlib.sha256(canonical_json(matrix)).hexdigest()


def write(matrix: Matrix) -> bytes:
    data = as_dict(matrix)
    data["fingerprint"] = fingerprint(matrix)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def read(data: bytes, *, filename: str = "") -> Matrix:
    """Read what ``write`` writes; a fingerprint that does not match is a warning."""
    if not data.strip():
        raise MatrixFileError.single("the file is empty", filename=filename)
    text = decode_text(data, filename)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MatrixFileError.single(
            f"this is not valid JSON ({exc.msg})", filename=filename, row=exc.lineno, row_label="line"
        ) from None
    except RecursionError:
        # The parser met more nested brackets than Python's stack allows; no matrix nests so deep.
        raise MatrixFileError.single(
            "this JSON nests its brackets too deeply to be a matrix", filename=filename
        ) from None
    except ValueError as exc:  # e.g. a number of more digits than Python converts
        raise MatrixFileError.single(f"this is not valid JSON ({exc})", filename=filename) from None
    reader = _Reader(filename)
    matrix = reader.matrix(document)
    if reader.problems:
        raise MatrixFileError(reader.problems)
    stated = document.get("fingerprint")
    if stated and stated != fingerprint(matrix):
        matrix.warnings.append(
            "the file's fingerprint does not match its content: it was changed after it was exported"
        )
    return matrix


class _Reader:
    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[FileProblem] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(FileProblem(f"{where}: {message}" if where else message, self.filename))

    def text(self, data: dict, key: str, where: str) -> str:
        value = data.get(key, "")
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(where, f"“{key}” should be text")
            return ""
        return value

    def matrix(self, document) -> Matrix:
        if not isinstance(document, dict) or not isinstance(document.get("parties"), list):
            self.problem("", "this JSON is not a RACI matrix (no “parties” list)")
            return Matrix(parties=[])
        parties = document["parties"]
        if message := limits.parties_problem(len(parties)):
            self.problem("parties", message)
            parties = []
        elif not all(isinstance(p, str) and p.strip() for p in parties):
            self.problem("parties", "every party must be a non-empty name")
            parties = []
        for name in sorted({p for p in parties if parties.count(p) > 1}):
            self.problem("parties", f"“{name}” is listed twice")
        matrix = Matrix(parties=list(parties))
        for key in ("service", "title", "introduction", "change_summary", "language"):
            setattr(matrix, key, self.text(document, key, ""))
        version = document.get("version")
        if version is not None and not (isinstance(version, int) and not isinstance(version, bool)):
            self.problem("version", "should be a whole number")
        else:
            matrix.version = version
        raw_date = document.get("last_updated")
        if raw_date:
            try:
                matrix.last_updated = date.fromisoformat(raw_date)
            except (TypeError, ValueError):
                self.problem("last_updated", f"“{raw_date}” is not a date (YYYY-MM-DD)")
        matrix.sections = self.sections(document.get("sections", []), "sections", matrix.parties)
        return matrix

    def sections(self, items, where: str, parties: list[str], number: tuple[int, ...] = ()) -> list[MatrixSection]:
        if not isinstance(items, list):
            self.problem(where, "should be a list")
            return []
        sections = []
        for index, item in enumerate(items, start=1):
            here = f"{where} → {index}"
            if message := limits.depth_problem((*number, index)):
                self.problem("", message)  # and its children are not read: the depth is bounded
                return sections
            if not isinstance(item, dict):
                self.problem(here, "should be an object")
                continue
            section = MatrixSection(title=self.text(item, "title", here), note=self.text(item, "note", here))
            activities = item.get("activities", []) or []
            if not isinstance(activities, list):
                self.problem(here, "“activities” should be a list")
                activities = []
            for a_index, raw in enumerate(activities, start=1):
                activity = self.activity(raw, f"{here} → activity {a_index}", parties)
                if activity:
                    section.activities.append(activity)
            children = item.get("children", []) or []
            section.children = self.sections(children, f"{here} → children", parties, (*number, index))
            sections.append(section)
        return sections

    def activity(self, raw, where: str, parties: list[str]) -> MatrixActivity | None:
        if not isinstance(raw, dict):
            self.problem(where, "should be an object")
            return None
        assignments = raw.get("assignments", {}) or {}
        if not isinstance(assignments, dict):
            self.problem(where, "“assignments” should be an object")
            return None
        cells = {party: "" for party in parties}
        for party, letters in assignments.items():
            if party not in cells:
                self.problem(where, f"“{party}” is not one of the parties")
                continue
            try:
                cells[party] = normalize_letters(
                    letters if isinstance(letters, str) or letters is None else str(letters)
                )
            except LettersError as exc:
                self.problem(f"{where}, party “{party}”", str(exc))
        return MatrixActivity(text=self.text(raw, "text", where), cells=cells, key=self.text(raw, "key", where))
