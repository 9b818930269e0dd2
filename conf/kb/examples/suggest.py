"""The 'did you mean' hint of every failed check."""

from __future__ import annotations

import difflib


def suggestion(word: str, candidates) -> str:
    """``"; did you mean 'X'?"`` for the closest candidate, or an empty string."""
    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
