"""The evidence packet: every report format, one short audio clip per flag, and a manifest.

Clips are cut from the stored original, decoded once per recording, and written as mono MP3
(plays on phones and in browsers) well under the 2 MB attachment limit of the 中国互联网金融协会
complaint form.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import audio, report_render
from .report_data import Report, to_json

CONTEXT_S = 3.0  # seconds of context either side of the flagged words
MAX_CLIP_S = 60.0
CLIP_BITRATE = "48k"
CLIP_LIMIT_BYTES = 2 * 1024 * 1024


def _pydub():
    import imageio_ffmpeg
    from pydub import AudioSegment

    AudioSegment.converter = imageio_ffmpeg.get_ffmpeg_exe()  # bundled ffmpeg, nothing on PATH
    return AudioSegment


def cut_clips(report: Report, folder: Path) -> dict[int, str]:
    """Write one MP3 per flag; returns flag id → path relative to the packet folder."""
    AudioSegment = _pydub()
    folder.mkdir(parents=True, exist_ok=True)
    clips: dict[int, str] = {}
    for call in report.calls:
        if not call.flags or not call.stored_path:
            continue
        decoded = audio.decode(Path(call.stored_path))  # once per recording
        pcm = (decoded.samples.clip(-1, 1) * 32767).astype("<i2").tobytes()
        whole = AudioSegment(data=pcm, sample_width=2, frame_rate=audio.SAMPLE_RATE, channels=1)
        for n, f in enumerate(call.flags, 1):
            lo = max(0.0, f.start - CONTEXT_S)
            hi = min(decoded.duration, f.end + CONTEXT_S, lo + MAX_CLIP_S)
            name = f"{call.call_start:%Y%m%d-%H%M%S}_{call.caller or 'unknown'}_{n:02d}_{f.category}.mp3"
            target = folder / name
            whole[int(lo * 1000):int(hi * 1000)].export(target, format="mp3", bitrate=CLIP_BITRATE)
            assert target.stat().st_size < CLIP_LIMIT_BYTES
            clips[f.id] = f"clips/{name}"
    return clips


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_packet(report: Report, folder: Path) -> dict[str, str]:
    """Write the packet into folder; returns the manifest (relative path → SHA-256)."""
    folder.mkdir(parents=True, exist_ok=True)
    clips = cut_clips(report, folder / "clips")
    legal = report_render._legal()
    (folder / "report.json").write_text(json.dumps(to_json(report), ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
    (folder / "report.md").write_text(report_render.markdown(report, legal, clips), encoding="utf-8")
    (folder / "report.html").write_text(report_render.to_html(report, legal, clips), encoding="utf-8")
    (folder / "flags.csv").write_text(report_render.to_csv(report, legal), encoding="utf-8")
    files = ["report.html", "report.md", "report.json", "flags.csv", *sorted(clips.values())]
    manifest = {name: _sha256(folder / name) for name in files}
    lines = [f"{digest}  {name}" for name, digest in manifest.items()]
    lines += [f"{c.sha256}  original:{c.original_name}" for c in report.calls]
    (folder / "MANIFEST.sha256").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({
        "files": manifest, "originals": {c.original_name: c.sha256 for c in report.calls},
        "generated_at": report.generated_at.isoformat(), "period": report.period.label,
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest
