"""The evidence packet: every report format, one short audio clip per flag, the complaint kit
(calls.csv, complaint texts, originals, 如何核验.txt) and a manifest.

Clips are cut from the stored original, decoded once per recording, and written as mono MP3
(plays on phones and in browsers) well under the 2 MB attachment limit of the 中国互联网金融协会
complaint form.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import BadArgument, NotFound
from ..i18n import _
from ..ingest.store import file_sha256
from . import RenderContext, clips, kit, packet_formats
from . import render as report_render
from .data import Report


def cut_clips(report: Report, folder: Path) -> dict[int, str]:
    """Write one MP3 per flag; returns flag id → path relative to the packet folder."""
    found: dict[int, str] = {}
    for call in report.calls:
        if not call.flags or not call.stored_path:
            continue
        if not Path(call.stored_path).is_file():
            raise NotFound(_("the stored original of {name} (sha256 {sha}) is missing; `evidence verify` lists what "
                             "is missing, and ingesting the same file again restores it").format(
                                 name=call.original_name, sha=call.sha256[:12]))
        spans = []
        for n, f in enumerate(call.flags, 1):
            name = f"{call.call_start:%Y%m%d-%H%M%S}_{call.caller or '无号码'}_{n:02d}_{f.category}.mp3"
            spans.append((f.start, f.end, folder / name))
            found[f.id] = f"clips/{name}"
        clips.cut(Path(call.stored_path), spans)  # one decode per recording
    return found


def write_packet(report: Report, folder: Path) -> dict[str, str]:
    """Write the packet into folder (new, or empty); returns the manifest (relative path → SHA-256).

    Everything is written into a hidden folder beside it and renamed into place at the end, so a
    failure leaves nothing behind, never a half-written packet.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BadArgument(_("{folder} already exists and is not empty; give a new folder for the packet").format(
            folder=folder))
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.partial-", dir=folder.parent))
    try:
        manifest = _write(report, work)
        if folder.exists():
            folder.rmdir()
        os.replace(work, folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def _write(report: Report, folder: Path) -> dict[str, str]:
    clip_paths = cut_clips(report, folder / "clips")
    ctx = RenderContext(legal=report_render.legal_texts(), clips=clip_paths)
    written = []
    for fmt in packet_formats():
        name = fmt.packet_file()
        (folder / name).write_text(fmt.renderer()(report, ctx), encoding="utf-8")
        written.append(name)
    (folder / "calls.csv").write_text(kit.calls_csv(report), encoding="utf-8")
    complaints = kit.write_complaints(report, folder)
    originals, compressed = kit.copy_originals(report, folder)
    (folder / "如何核验.txt").write_text(kit.HOW_TO_VERIFY, encoding="utf-8")
    (folder / "ORIGINALS.sha256").write_text(
        "".join(f"{c.sha256}  {c.original_name}\n" for c in report.calls), encoding="utf-8")
    files = [*written, "calls.csv", *complaints, "如何核验.txt", "ORIGINALS.sha256",
             *sorted(clip_paths.values()), *originals]
    manifest = {name: file_sha256(folder / name) for name in files}
    lines = [f"{digest}  {name}" for name, digest in manifest.items()]
    (folder / "MANIFEST.sha256").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({
        "files": manifest, "originals": {c.original_name: c.sha256 for c in report.calls},
        "compressed": compressed,
        "generated_at": report.generated_at.isoformat(), "period": report.period.label,
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest
