"""Shared by the format tests: the corpus pages and comparing matrices."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from responsibilities.formats.matrix import Matrix

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
CORPUS_PAGES = sorted(CORPUS.glob("*/*/*.md"))
METADATA = ("title", "introduction", "last_updated", "change_summary", "service", "version")


def page(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def content(matrix: Matrix, *, metadata: bool = True) -> dict:
    """Everything a matrix says, without the reader's warnings (and optionally its metadata)."""
    data = dataclasses.asdict(matrix)
    data.pop("warnings")
    if not metadata:
        for key in METADATA:
            data.pop(key)
    return data


def activity(matrix: Matrix, text: str):
    return next(a for _, a in matrix.activities() if a.text == text)


SHAPES = Path(__file__).resolve().parent.parent / "data" / "shapes"


def shape(name: str) -> bytes:
    """A page written for the tests, reproducing one shape real pages take (tests/data/shapes)."""
    return (SHAPES / name).read_bytes()
