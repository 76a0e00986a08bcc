"""Text normalisation for matching: Simplified, half-width, lower case, punctuation set aside,
and the sound key of every character (toneless pinyin folded by the lexicon's confusion rules)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ..asr.whisper import to_simplified
from .lexicon import SoundAlikes

# Forms that mean the same to every rule: the polite 您 is 你 (a collector who says 您 threatens as
# much as one who says 你, and Whisper writes either for the same sound); one character for one,
# so positions in the match text still map onto what was said.
SAME_AS = {"您": "你"}


@lru_cache(maxsize=65536)
def normalise_char(ch: str) -> str:
    """One character as matching sees it; '' for punctuation, symbols and spaces."""
    ch = SAME_AS.get(ch, ch)
    folded = unicodedata.normalize("NFKC", ch).lower()
    out = []
    for c in folded:
        cat = unicodedata.category(c)
        if c.isspace() or cat[0] in "PSZC":
            continue
        out.append(c)
    return "".join(out)


def normalise(text: str) -> str:
    """The matching form of a text (no punctuation, Simplified, half-width, lower case)."""
    return "".join(normalise_char(c) for c in to_simplified(text))


class SoundKeys:
    """Maps characters to one-character sound keys, so sound-alike matching is string matching.

    Each syllable is folded (zh→z, ing→in, ...) and whole-syllable confusions are merged into
    classes; every class gets one private-use character as its key.
    """

    def __init__(self, rules: SoundAlikes):
        self._initials = sorted(rules.initials.items(), key=lambda kv: -len(kv[0]))
        self._finals = sorted(rules.finals.items(), key=lambda kv: -len(kv[0]))
        self._class_of: dict[str, str] = {}
        for group in rules.syllables:
            folded = [self.fold(s) for s in group]
            rep = self._class_of.get(folded[0], folded[0])
            for s in folded:
                old = self._class_of.get(s)
                if old and old != rep:  # merge two classes
                    for k, v in list(self._class_of.items()):
                        if v == old:
                            self._class_of[k] = rep
                self._class_of[s] = rep
        self._key_of_class: dict[str, str] = {}
        self._cache: dict[str, str] = {}
        self._rhymes: dict[str, str] = {}

    def fold(self, syllable: str) -> str:
        initial, final = "", syllable
        for src, dst in self._initials:
            if syllable.startswith(src):
                initial, final = dst, syllable[len(src):]
                break
        else:
            for c in ("zh", "ch", "sh"):
                if syllable.startswith(c):
                    initial, final = c, syllable[2:]
                    break
            else:
                if syllable[:1] in "bpmfdtnlgkhjqxrzcsyw":
                    initial, final = syllable[:1], syllable[1:]
        for src, dst in self._finals:
            if final.endswith(src) and (final == src or final[: -len(src)] in ("", "i", "u", "v")):
                final = final[: -len(src)] + dst
                break
        return initial + final

    def syllable(self, ch: str) -> str | None:
        from pypinyin import Style, lazy_pinyin

        if not ("\u3400" <= ch <= "\u9fff"):
            return None
        return lazy_pinyin(ch, style=Style.NORMAL, v_to_u=False)[0]

    def key(self, ch: str) -> str:
        cached = self._cache.get(ch)
        if cached is not None:
            return cached
        syl = self.syllable(ch)
        if syl is None:
            out = ch
        else:
            folded = self.fold(syl)
            cls = self._class_of.get(folded, folded)
            out = self._key_of_class.get(cls)
            if out is None:
                out = chr(0xE000 + len(self._key_of_class))
                self._key_of_class[cls] = out
        self._cache[ch] = out
        return out

    def keys(self, text: str) -> str:
        """The sound key of every character of text."""
        cache = self._cache
        try:
            return "".join([cache[c] for c in text])
        except KeyError:
            return "".join([self.key(c) for c in text])

    def state(self) -> dict:
        """The keys handed out so far: a restored lexicon's tries were built with these."""
        return {"classes": self._key_of_class, "chars": self._cache}

    def restore(self, state: dict) -> None:
        self._key_of_class = dict(state["classes"])
        self._cache = dict(state["chars"])

    def rhyme(self, ch: str) -> str:
        """The final of a character's syllable without its medial (jie, tie -> e; yang, liang -> ang)."""
        cache = self._rhymes
        if ch not in cache:
            cache[ch] = self._rhyme(ch)
        return cache[ch]

    def _rhyme(self, ch: str) -> str:
        syl = self.syllable(ch)
        if syl is None:
            return ch
        folded = self.fold(syl)
        for initial in ("zh", "ch", "sh"):
            if folded.startswith(initial):
                folded = folded[2:]
                break
        else:
            if folded[:1] in "bpmfdtnlgkhjqxrzcsyw":
                folded = folded[1:]
        return folded.lstrip("iuv") or folded

    def pinyin(self, ch: str) -> str:
        return self.syllable(ch) or ch
