"""The complaint kit in a packet: calls.csv, the complaint texts, the original recordings (or a
compressed copy of each when over the 2 MB attachment limit) and a note on checking the hashes."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

from .complaint import STATEMENTS
from .data import CATEGORIES, CATEGORY_ZH, Report

LIMIT_BYTES = 2 * 1024 * 1024  # 中国互联网金融协会 attachment limit
BITRATES_KBPS = (32, 24, 16, 12, 8)  # mono MP3 ladder for long calls

CALLS_FIELDS = ["date", "time", "caller", "contact", "institution", "duration_s", "night_call",
                "number_calls_that_day", "institution_calls_that_day", "frequency",
                *[f"{c}_flags" for c in CATEGORIES], "after_notice", "findings_zh", "original_name", "sha256"]


def calls_csv(report: Report) -> str:
    """Every call of the period, flagged or not, with its night and frequency findings."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CALLS_FIELDS)
    for c in report.calls:
        per_cat = [sum(1 for f in c.flags if f.category == cat) for cat in CATEGORIES]
        findings = [CATEGORY_ZH[x] for x in c.call_flags]
        findings += [CATEGORY_ZH[cat] for cat, n in zip(CATEGORIES, per_cat, strict=True) if n]
        writer.writerow([c.call_start.date().isoformat(), c.call_start.strftime("%H:%M:%S"), c.caller or "",
                         c.contact or "", c.institution or "", f"{c.duration or 0:.0f}",
                         int("night_call" in c.call_flags), c.number_calls_that_day,
                         c.institution_calls_that_day, int("frequency" in c.call_flags), *per_cat,
                         sum(1 for f in c.flags if f.after_notice), "、".join(findings) or "无",
                         c.original_name, c.sha256])
    return "\ufeff" + out.getvalue()


def write_complaints(report: Report, folder: Path) -> list[str]:
    """complaint/12378.txt, nifa.txt, 12321.txt; returns their packet paths."""
    (folder / "complaint").mkdir(parents=True, exist_ok=True)
    names = []
    for channel, build in STATEMENTS.items():
        name = f"complaint/{channel}.txt"
        (folder / name).write_text(build(report).text(), encoding="utf-8")
        names.append(name)
    return names


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip() or "recording"


def _compress(original: Path, target: Path, duration: float | None) -> Path:
    """A mono MP3 of original at the highest bitrate of the ladder that stays under 2 MB."""
    from .clips import _pydub

    audio_segment = _pydub()
    from ..ingest import audio

    decoded = audio.decode(original)
    pcm = (decoded.samples.clip(-1, 1) * 32767).astype("<i2").tobytes()
    whole = audio_segment(data=pcm, sample_width=2, frame_rate=audio.SAMPLE_RATE, channels=1)
    seconds = duration or decoded.duration
    for kbps in BITRATES_KBPS:
        if seconds * kbps * 1000 / 8 > LIMIT_BYTES * 0.97:
            continue
        whole.export(target, format="mp3", bitrate=f"{kbps}k")
        if target.stat().st_size <= LIMIT_BYTES:
            return target
    whole.export(target, format="mp3", bitrate="8k", parameters=["-ar", "8000"])
    return target


def copy_originals(report: Report, folder: Path) -> tuple[list[str], dict[str, dict]]:
    """originals/: each stored original when ≤ 2 MB, else a compressed copy. Returns the packet
    paths and, for compressed copies, {path: {original_name, original_sha256}}."""
    written: list[str] = []
    compressed: dict[str, dict] = {}
    used: set[str] = set()
    for c in report.calls:
        if not c.stored_path or not Path(c.stored_path).is_file():
            continue
        src = Path(c.stored_path)
        name = _safe(c.original_name)
        if name in used:
            name = f"{c.sha256[:8]}_{name}"
        used.add(name)
        target = folder / "originals" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.stat().st_size <= LIMIT_BYTES:
            shutil.copyfile(src, target)
        else:
            target = target.with_name(target.stem + "（压缩副本）.mp3")
            _compress(src, target, c.duration)
            compressed[f"originals/{target.name}"] = {"original_name": c.original_name,
                                                      "original_sha256": c.sha256}
        written.append(f"originals/{target.name}")
    return written, compressed


HOW_TO_VERIFY = """如何核验本材料包

本文件夹中每个文件的 SHA-256 哈希值都记录在 MANIFEST.sha256 中。文件只要改动一个字节，哈希值就会不同。
ORIGINALS.sha256 记录手机上每个原始录音文件的哈希值，可与手机中的原文件核对。

Linux：在本文件夹中运行
  sha256sum -c MANIFEST.sha256
  每行显示“成功”（或 OK）即一致。

macOS：在本文件夹中运行
  shasum -a 256 -c MANIFEST.sha256

Windows：在本文件夹中打开命令提示符，对每个文件运行（例如）
  certutil -hashfile report.html SHA256
  将显示的哈希值与 MANIFEST.sha256 中同名文件的一行对比。

也可以用生成本材料的程序核验：evidence verify --packet 本文件夹
原始录音若超过 2 MB，originals/ 中为压缩副本，其哈希值和原文件的哈希值都记录在 manifest.json 的 compressed 部分。
"""
