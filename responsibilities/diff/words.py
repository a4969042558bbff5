"""Word-level changes between two texts of one activity, for the reworded rows of a diff."""

from __future__ import annotations

import re

from rapidfuzz.distance import Indel

_TOKENS = re.compile(r"\w+|[^\w\s]+|\s+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level changes from ``old`` to ``new`` as (equal|delete|insert, text) segments.

    The words kept are a longest common subsequence of the two texts' words, spaces and
    punctuation (rapidfuzz's Indel alignment, in C++); between two runs of kept words, what
    was deleted comes before what was inserted. The words both texts start and end with are
    kept as they are, without tokenising them (a reworded row usually changes a word or two).
    """
    start, end = _common_ends(old, new)
    segments: list[tuple[str, str]] = []

    def push(op, text):
        if not text:
            return
        if segments and segments[-1][0] == op:
            segments[-1] = (op, segments[-1][1] + text)
        else:
            segments.append((op, text))

    push("equal", old[:start])
    old_tokens, new_tokens = _TOKENS.findall(old[start : len(old) - end]), _TOKENS.findall(new[start : len(new) - end])
    deleted: list[str] = []
    inserted: list[str] = []
    for opcode in Indel.opcodes(old_tokens, new_tokens):
        if opcode.tag == "equal":
            push("delete", "".join(deleted))
            push("insert", "".join(inserted))
            deleted, inserted = [], []
            push("equal", "".join(old_tokens[opcode.src_start : opcode.src_end]))
        else:
            deleted += old_tokens[opcode.src_start : opcode.src_end]
            inserted += new_tokens[opcode.dest_start : opcode.dest_end]
    push("delete", "".join(deleted))
    push("insert", "".join(inserted))
    push("equal", old[len(old) - end :])
    return segments


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common start (up to and with its last space) and end (from its first space)."""
    shortest = min(len(old), len(new))
    low, high = 0, shortest  # the longest common prefix, by halving: a few C-level comparisons
    while low < high:
        middle = (low + high + 1) // 2
        if old.startswith(new[:middle]):
            low = middle
        else:
            high = middle - 1
    start = old.rfind(" ", 0, low) + 1
    low, high = 0, shortest - start
    while low < high:
        middle = (low + high + 1) // 2
        if old.endswith(new[len(new) - middle :]):
            low = middle
        else:
            high = middle - 1
    space = old.find(" ", len(old) - low) if low else -1
    end = len(old) - space if space >= 0 else 0
    return start, end
