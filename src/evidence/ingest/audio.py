"""Reading call recordings: check they are audio, decode them to 16 kHz mono, read container tags.

PyAV bundles FFmpeg's libraries, so no ffmpeg executable is needed for any of this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import BadAudio
from ..i18n import N_, _

SAMPLE_RATE = 16000
# What phones and recorder apps write. Anything else is refused up front with a clear reason.
SUPPORTED_EXTENSIONS = frozenset(
    {".m4a", ".mp3", ".amr", ".3gp", ".wav", ".ogg", ".opus", ".flac", ".aac", ".mp4"}
)


@dataclass(frozen=True)
class DecodedAudio:
    samples: np.ndarray  # float32 mono at SAMPLE_RATE
    duration: float  # seconds
    format: str  # container format as FFmpeg names it (mov,mp4,m4a,3gp / mp3 / amr ...)
    codec: str
    creation_time: dt.datetime | None  # from the container's tags, when it has one


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_EXTENSIONS


def check_supported(path: Path) -> None:
    if not is_supported(path):
        allowed = ", ".join(sorted(e.lstrip(".") for e in SUPPORTED_EXTENSIONS))
        raise BadAudio(_("{name}: unsupported format '{value}' (use {allowed})").format(
            name=path.name, value=path.suffix or _('(none)'), allowed=allowed))


def _creation_time(container) -> dt.datetime | None:
    tags = dict(container.metadata or {})
    for stream in container.streams:
        tags.update({k: v for k, v in (stream.metadata or {}).items() if k not in tags})
    raw = tags.get("creation_time") or tags.get("date")
    if not raw:
        return None
    try:
        stamp = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.year < 2000:  # 1904/1970 epoch zero written by recorders that do not set it
        return None
    if stamp.tzinfo is not None:  # MP4 stores UTC; calls are reported in local time
        stamp = stamp.astimezone().replace(tzinfo=None)
    return stamp


def decode(path: Path) -> DecodedAudio:
    """Decode a recording to 16 kHz mono float32, or raise BadAudio saying why it cannot be used."""
    import av

    check_supported(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BadAudio(_("{path}: no such file").format(path=path)) from None
    except OSError as exc:
        raise BadAudio(_("{name}: cannot read the file ({strerror})").format(
            name=path.name, strerror=exc.strerror)) from None
    if size == 0:
        raise BadAudio(_("{name}: the file is empty (0 bytes)").format(name=path.name))
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except PermissionError:
        raise BadAudio(_("{name}: permission denied; cannot read the file").format(name=path.name)) from None
    except (av.error.InvalidDataError, av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise BadAudio(_("{name}: not a readable audio file ({reason})").format(
            name=path.name, reason=_reason(exc))) from None
    try:
        if not container.streams.audio:
            raise BadAudio(_("{name}: the file holds no audio stream").format(name=path.name))
        stream = container.streams.audio[0]
        fmt = container.format.name
        codec = stream.codec_context.name
        created = _creation_time(container)
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        chunks: list[np.ndarray] = []
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
        except (av.error.FFmpegError, ValueError) as exc:
            if not chunks:
                raise BadAudio(_("{name}: the audio cannot be decoded ({reason})").format(
                    name=path.name, reason=_reason(exc))) from None
            # A recording cut short at the end (phone died, sync interrupted) still holds
            # evidence up to the cut: keep what decoded.
    finally:
        container.close()
    samples = np.concatenate(chunks).astype(np.float32) / 32768.0 if chunks else np.zeros(0, np.float32)
    duration = len(samples) / SAMPLE_RATE
    if duration < 0.1:
        raise BadAudio(_("{name}: no audio could be decoded (truncated or not a recording)").format(name=path.name))
    return DecodedAudio(samples=samples, duration=duration, format=fmt, codec=codec, creation_time=created)


# The decoder's own words (FFmpeg, English) for the usual problems, in the user's language.
_DECODER_REASONS = {
    "Invalid data found when processing input": N_("the data is not audio, or it is damaged"),
    "End of file": N_("the file ends too early"),
    "Operation not permitted": N_("the file may not be read"),
}


def _reason(exc: Exception) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    text = text.split(":")[-1].strip() or type(exc).__name__
    return _(_DECODER_REASONS[text]) if text in _DECODER_REASONS else text
