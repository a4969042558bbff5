"""JSON: the whole version nested, plus the SHA-256 fingerprint of its canonical form."""

from __future__ import annotations

import hashlib
import json

from .matrix import Matrix, section_label


def _section_dict(number, section) -> dict:
    return {
        "number": section_label(number),
        "title": section.title,
        "activities": [
            {"key": activity.key, "text": activity.text, "assignments": dict(activity.cells)}
            for activity in section.activities
        ],
        "children": [_section_dict((*number, index), child) for index, child in enumerate(section.children, 1)],
    }


def as_dict(matrix: Matrix) -> dict:
    return {
        "service": matrix.service,
        "version": matrix.version,
        "title": matrix.title,
        "introduction": matrix.introduction,
        "last_updated": matrix.last_updated.isoformat() if matrix.last_updated else None,
        "change_summary": matrix.change_summary,
        "parties": list(matrix.parties),
        "sections": [_section_dict((index,), section) for index, section in enumerate(matrix.sections, 1)],
    }


def canonical_json(matrix: Matrix) -> bytes:
    """The bytes the fingerprint is taken over: sorted keys, no spaces, UTF-8."""
    return json.dumps(as_dict(matrix), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def fingerprint(matrix: Matrix) -> str:
    return hashlib.sha256(canonical_json(matrix)).hexdigest()
