"""Which core functions the page can call: parts of the core that other work adds light up here."""

from __future__ import annotations

import importlib
from functools import lru_cache


def _has(module: str, name: str) -> bool:
    try:
        return hasattr(importlib.import_module(f"evidence.{module}"), name)
    except ImportError:
        return False


@lru_cache(maxsize=1)
def available() -> dict[str, bool]:
    """{'correct': ..., 'metadata': ..., 'case': ...}: True where the core function exists."""
    return {
        "correct": _has("trust.corrections", "correct_segment") or _has("corrections", "correct_segment"),
        "metadata": _has("trust.corrections", "set_metadata") or _has("corrections", "set_metadata"),
        "case": _has("case", "save_case") and _has("case", "load_case"),
    }
