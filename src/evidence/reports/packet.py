"""The evidence packet: every report format, one short audio clip per flag, the complaint kit
(calls.csv, complaint texts, originals, 如何核验.txt) and a manifest.

Clips are cut from the stored original, decoded once per recording, and written as mono MP3
(plays on phones and in browsers) well under the 2 MB attachment limit of the 中国互联网金融协会
complaint form.
"""

from __future__ import annotations

import json
from pathlib import Path

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
        spans = []
        for n, f in enumerate(call.flags, 1):
            name = f"{call.call_start:%Y%m%d-%H%M%S}_{call.caller or '无号码'}_{n:02d}_{f.category}.mp3"
            spans.append((f.start, f.end, folder / name))
            found[f.id] = f"clips/{name}"
        clips.cut(Path(call.stored_path), spans)  # one decode per recording
    return found


def write_packet(report: Report, folder: Path) -> dict[str, str]:
    """Write the packet into folder; returns the manifest (relative path → SHA-256)."""
    folder.mkdir(parents=True, exist_ok=True)
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
