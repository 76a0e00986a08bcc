"""Cutting short audio clips around flagged moments, from the stored original.

Each original is decoded once (PyAV); clips are encoded to mono MP3 with the ffmpeg executable that
imageio-ffmpeg ships, so nothing needs to be on PATH.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..ingest import audio

CONTEXT_S = 3.0  # seconds of context either side of the flagged words
MAX_CLIP_S = 60.0
BITRATE = "48k"
LIMIT_BYTES = 2 * 1024 * 1024  # 中国互联网金融协会 attachment limit


def _pydub():
    import imageio_ffmpeg
    from pydub import AudioSegment

    AudioSegment.converter = imageio_ffmpeg.get_ffmpeg_exe()
    return AudioSegment


def cut(original: Path, spans: Iterable[tuple[float, float, Path]]) -> list[Path]:
    """Write one MP3 per (start, end, target) span, decoding the original once."""
    spans = list(spans)
    if not spans:
        return []
    AudioSegment = _pydub()
    decoded = audio.decode(original)
    pcm = (decoded.samples.clip(-1, 1) * 32767).astype("<i2").tobytes()
    whole = AudioSegment(data=pcm, sample_width=2, frame_rate=audio.SAMPLE_RATE, channels=1)
    written = []
    for start, end, target in spans:
        lo = max(0.0, start - CONTEXT_S)
        hi = min(decoded.duration, end + CONTEXT_S, lo + MAX_CLIP_S)
        target.parent.mkdir(parents=True, exist_ok=True)
        whole[int(lo * 1000):int(hi * 1000)].export(target, format="mp3", bitrate=BITRATE)
        if target.stat().st_size >= LIMIT_BYTES:  # cannot happen at 48 kbit/s and 66 s; keep the promise
            raise RuntimeError(f"clip {target} is over 2 MB")
        written.append(target)
    return written


def review_clip(folder: Path, sha256: str, flag_id: int) -> Path:
    """Where `evidence review` keeps the clip of one flag; named by the recording's SHA-256 so
    that forgetting the recording finds it (see recording_clips)."""
    return folder / f"{sha256}_{flag_id}.mp3"


def recording_clips(folder: Path, sha256: str) -> list[Path]:
    """Every clip kept for one recording (what `evidence forget` removes)."""
    return sorted(folder.glob(f"{sha256}*"))
