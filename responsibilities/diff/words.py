"""Word-level changes between two texts of one activity, for the reworded rows of a diff."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TOKENS = re.compile(r"\w+|[^\w\s]+|\s+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level changes from ``old`` to ``new`` as (equal|delete|insert, text) segments."""
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    segments: list[tuple[str, str]] = []

    def push(op, tokens):
        text = "".join(tokens)
        if not text:
            return
        if segments and segments[-1][0] == op:
            segments[-1] = (op, segments[-1][1] + text)
        else:
            segments.append((op, text))

    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            push("equal", old_tokens[i1:i2])
        else:
            push("delete", old_tokens[i1:i2])
            push("insert", new_tokens[j1:j2])
    return segments
