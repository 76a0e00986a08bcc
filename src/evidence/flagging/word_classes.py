"""Word classes (lexicons/zh-CN/classes.yaml): named lists of the forms people use for one thing.

    classes:
      KIN: [妈妈, 老妈, 父母, 爸妈, 老公, 媳妇, ...]
      YOUR: [你, 您, 你的, 您家, ...]
      FAMILY: ["{YOUR}{KIN}", 家里人]      # {NAME} inside a string: every combination

In a rule, a list item that is a class name (upper case, e.g. KIN) stands for all its forms, and
{NAME} inside a phrase expands in place ("打给{FAMILY}"). Expansion happens once, when the lexicon
is loaded; the matcher only ever sees plain strings.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import LexiconError

CLASS_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
TEMPLATE = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
MAX_FORMS = 20000  # per class or per expanded item: a typo should not build a billion strings


def _as_text(item: Any, where: str, name: str) -> str:
    if isinstance(item, (int, float)) and not isinstance(item, bool):
        item = str(item)
    if not isinstance(item, str) or not item.strip():
        raise LexiconError(f"{where}: '{name}' holds an empty or non-text item ({item!r})")
    return item.strip()


class WordClasses:
    """Classes by name, expanded lazily with cycle detection."""

    def __init__(self, raw: dict[str, Any], path: Path | None = None):
        self._raw: dict[str, tuple[Any, int]] = {}
        self._done: dict[str, tuple[str, ...]] = {}
        self._path = path
        for name, value in raw.items():
            if name == "__line__":
                continue
            where = f"{path}" if path else "classes"
            if not CLASS_NAME.match(str(name)):
                raise LexiconError(f"{where}: class name {name!r} must be upper case (A-Z, 0-9, _)")
            line = value.pop("__line__", 0) if isinstance(value, dict) else 0
            self._raw[name] = (value, line)

    def names(self) -> list[str]:
        return sorted(self._raw)

    def forms(self, name: str, where: str = "", stack: tuple[str, ...] = ()) -> tuple[str, ...]:
        """Every form of a class, in order, without duplicates."""
        if name in self._done:
            return self._done[name]
        if name not in self._raw:
            raise LexiconError(f"{where}: unknown word class {name!r} (see classes.yaml)")
        if name in stack:
            raise LexiconError(f"{self._path}: word class {name} refers to itself ({' → '.join(stack + (name,))})")
        value, _line = self._raw[name]
        here = f"{self._path} (class {name})"
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            raise LexiconError(f"{here}: a class must be a non-empty list of forms")
        out: dict[str, None] = {}
        for item in value:
            for form in self.expand_item(_as_text(item, here, name), here, stack + (name,)):
                out[form] = None
        if len(out) > MAX_FORMS:
            raise LexiconError(f"{here}: expands to more than {MAX_FORMS} forms")
        self._done[name] = tuple(out)
        return self._done[name]

    def expand_item(self, item: str, where: str, stack: tuple[str, ...] = ()) -> list[str]:
        """A class name → its forms; a string with {NAME} templates → every combination."""
        if CLASS_NAME.match(item):  # an upper-case word is a class name, never a literal
            return list(self.forms(item, where, stack))
        pieces = TEMPLATE.split(item)  # literal, NAME, literal, NAME, ...
        results = [""]
        for k, piece in enumerate(pieces):
            options = self.forms(piece, where, stack) if k % 2 else (piece,)
            results = [r + o for r in results for o in options]
            if len(results) > MAX_FORMS:
                raise LexiconError(f"{where}: '{item}' expands to more than {MAX_FORMS} strings")
        return results

    def expand(self, value: Any, where: str, name: str) -> tuple[str, ...]:
        """A rule field (a string or a list) with every class and template expanded."""
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list) or not value:
            raise LexiconError(f"{where}: '{name}' must be a non-empty list of phrases")
        out: dict[str, None] = {}
        for item in value:
            if isinstance(item, list):  # a nested list: alternatives inside a frame slot
                for sub in self.expand(item, where, name):
                    out[sub] = None
                continue
            for form in self.expand_item(_as_text(item, where, name), where):
                out[form] = None
        return tuple(out)
