"""The compiled lexicon kept on disk between runs, so that a command does not spend seconds
building the tries again (`evidence lexicon test`, each `ingest`, each `reflag`).

The file is named for the lexicon's version (a hash of every lexicon file) and for the code that
compiles it (a hash of its source files), so a changed lexicon or a new version of the program
never reads an old one. It holds only what the lexicon files say, nothing of the user's. Anything
wrong with it (missing, cut short, another format, a full disk) only means compiling again: the
cache is never needed for a result.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path

FORMAT = 2
KEEP = 3  # compiled lexicons kept, newest first (each about 35 MB)
_SOURCES = ("occurrences.py", "tries.py", "textnorm.py", "rule_kinds.py", "lexicon.py", "compiled_cache.py")
_PREFIX = "lexicon-"
_SUFFIX = ".compiled"


def _stamp() -> str:
    """A hash of the code that builds the compiled form, and of the cache's format."""
    h = hashlib.sha256(str(FORMAT).encode())
    here = Path(__file__).resolve().parent
    for name in _SOURCES:
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def folder() -> Path:
    """EVIDENCE_CACHE, else the platform's user cache folder (~/.cache/evidence on Linux)."""
    from ..paths import resolve

    return resolve().cache


def _path(version: str) -> Path:
    return folder() / f"{_PREFIX}{version[:16]}-{_stamp()}{_SUFFIX}"


def load(version: str) -> dict | None:
    """The state saved for this lexicon version by this code, or None."""
    try:
        data = _path(version).read_bytes()
        state = marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(state, dict) or state.get("format") != FORMAT or state.get("version") != version:
        return None
    return state


def save(version: str, state: dict) -> None:
    """Keep the state for the next run (written whole or not at all); only the newest few are kept."""
    target = _path(version)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        data = marshal.dumps({**state, "format": FORMAT, "version": version})
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        kept = sorted(target.parent.glob(f"{_PREFIX}*{_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:  # the newest few (a lexicon being edited and the shipped one)
            old.unlink(missing_ok=True)
    except (OSError, ValueError):
        return  # a read-only or full disk: compile again next time
