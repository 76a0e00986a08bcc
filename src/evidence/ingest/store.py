"""The evidence store: originals copied byte for byte, addressed by SHA-256, never modified."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from ..errors import BadAudio
from ..i18n import _


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB chunks (OSError passes through)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    """SHA-256 of a recording the user gave; read errors become a BadAudio saying why."""
    try:
        return file_sha256(path)
    except PermissionError:
        raise BadAudio(_("{name}: permission denied; cannot read the file").format(name=path.name)) from None
    except IsADirectoryError:
        raise BadAudio(_("{name}: is a folder, not a recording").format(name=path.name)) from None
    except OSError as exc:
        raise BadAudio(_("{name}: cannot read the file ({strerror})").format(
            name=path.name, strerror=exc.strerror)) from None


def stored_path(store: Path, sha256: str, suffix: str) -> Path:
    return store / sha256[:2] / f"{sha256}{suffix.lower()}"


def put(store: Path, source: Path, sha256: str) -> Path:
    """Copy source into the store (atomically, verified) and return where it lies.

    The copy is written to a temporary file, hashed as written, synced, then renamed into place
    and made read-only, so the store never holds a partial or altered original.
    """
    target = stored_path(store, sha256, source.suffix)
    if target.is_file() and sha256_file(target) == sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(target.parent, 0o700)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise BadAudio(_("{name}: the file changed while it was being copied; try again").format(name=source.name))
        os.chmod(tmp_name, 0o400)
        if target.exists():  # a damaged earlier copy: replace it with the verified one
            os.chmod(target, 0o600)
        os.replace(tmp_name, target)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise
    return target
