"""Quoting a flag in the sentence it sits in, with the flagged words located for highlighting."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

SENTENCE_END = "。！？!?；;…"
CLAUSE_END = "，,、："
LONG_SENTENCE = 80  # characters; longer "sentences" (Whisper without full stops) are cut to clauses


@dataclass(frozen=True)
class Quote:
    """A sentence and where the flagged words sit in it (sentence[lo:hi] == the flag's text)."""

    sentence: str
    lo: int
    hi: int

    @property
    def before(self) -> str:
        return self.sentence[:self.lo]

    @property
    def marked(self) -> str:
        return self.sentence[self.lo:self.hi]

    @property
    def after(self) -> str:
        return self.sentence[self.hi:]


def _squeeze(text: str) -> str:
    # The matcher skips whitespace, so a flag's text never has any; quote the line without it.
    return re.sub(r"\s+", "", text)


def _bounds(text: str, lo: int, hi: int, stops: str) -> tuple[int, int]:
    start = lo
    while start > 0 and text[start - 1] not in stops:
        start -= 1
    end = hi
    while end < len(text) and text[end] not in stops:
        end += 1
    if end < len(text):
        end += 1  # keep the closing punctuation
    return start, end


def quote(lines: Sequence[str], index: int, flag_text: str) -> Quote:
    """The sentence around `flag_text` in transcript line `index` (or running on into a neighbour
    line, since the recogniser splits turns anywhere). Falls back to the flag's text alone."""
    needle = _squeeze(flag_text)
    if not needle:
        return Quote(flag_text, 0, len(flag_text))
    here = _squeeze(lines[index]) if 0 <= index < len(lines) else ""
    before = _squeeze(lines[index - 1]) if index > 0 else ""
    after = _squeeze(lines[index + 1]) if index + 1 < len(lines) else ""
    for text, offset in ((here, 0), (here + after, 0), (before + here, len(before))):
        pos = text.find(needle, max(0, offset - len(needle) + 1) if offset else 0)
        if pos < 0:
            continue
        lo, hi = pos, pos + len(needle)
        start, end = _bounds(text, lo, hi, SENTENCE_END)
        if end - start > LONG_SENTENCE:
            start, end = _bounds(text, lo, hi, SENTENCE_END + CLAUSE_END)
        return Quote(text[start:end], lo - start, hi - start)
    return Quote(needle, 0, len(needle))
