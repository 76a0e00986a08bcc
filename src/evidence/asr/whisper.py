"""Transcription with faster-whisper on the CPU, tuned for Mandarin phone audio.

Whisper mixes Traditional and Simplified characters (converted with OpenCC t2s), invents text on
silence and music (known phantoms dropped) and loops when conditioned on its own output
(`condition_on_previous_text=False`). Word timestamps are kept so a flag can point at the words.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    words: tuple[Word, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class TranscribeOptions:
    language: str = "zh"
    beam_size: int = 5
    vad_filter: bool = True
    condition_on_previous_text: bool = False
    word_timestamps: bool = True
    initial_prompt: str | None = None
    hotwords: str | None = None

    def as_kwargs(self) -> dict:
        return {
            "language": self.language,
            "beam_size": self.beam_size,
            "vad_filter": self.vad_filter,
            "condition_on_previous_text": self.condition_on_previous_text,
            "word_timestamps": self.word_timestamps,
            "initial_prompt": self.initial_prompt,
            "hotwords": self.hotwords,
        }


# Text Whisper produces on silence, ring tones and hold music (learned from video subtitles).
PHANTOM_PATTERNS = [
    r"字幕.{0,12}(提供|製作|制作)", r"Amara\.org", r"不吝.{0,4}(点赞|點贊)", r"点赞.{0,3}订阅",
    r"訂閱", r"订阅.{0,4}(转发|打赏|频道)", r"谢谢(观看|收看|大家)", r"感谢(观看|收看)",
    r"明镜与点点", r"请不吝", r"中文字幕", r"字幕志愿者", r"优优独播剧场", r"YoYo Television",
]
_PHANTOM = re.compile("|".join(PHANTOM_PATTERNS), re.IGNORECASE)
# Segments below both of these are noise the recogniser guessed at, not speech.
NO_SPEECH_DROP = 0.6
LOGPROB_DROP = -1.0


def is_phantom(text: str, avg_logprob: float, no_speech_prob: float) -> bool:
    stripped = text.strip()
    if not stripped:
        return True
    if _PHANTOM.search(stripped):
        return True
    return no_speech_prob > NO_SPEECH_DROP and avg_logprob < LOGPROB_DROP


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


@lru_cache(maxsize=2)
def load_model(model_dir: str, cpu_threads: int | None = None):
    """Load a CTranslate2 Whisper model once per process (int8 on the CPU)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder never needs the hub
    from faster_whisper import WhisperModel

    threads = cpu_threads or os.cpu_count() or 1
    return WhisperModel(model_dir, device="cpu", compute_type="int8", cpu_threads=threads)


def transcribe(
    samples: np.ndarray,
    model_dir: Path,
    options: TranscribeOptions | None = None,
    on_progress: Callable[[float], None] | None = None,
) -> Iterator[Segment]:
    """Yield cleaned segments; on_progress gets the end time of each segment as it arrives."""
    options = options or TranscribeOptions()
    model = load_model(str(model_dir))
    raw_segments, _info = model.transcribe(samples, **options.as_kwargs())
    for raw in raw_segments:
        if on_progress:
            on_progress(raw.end)
        text = to_simplified(raw.text).strip()
        if is_phantom(text, raw.avg_logprob, raw.no_speech_prob):
            continue
        words = tuple(
            Word(start=round(w.start, 3), end=round(w.end, 3), text=to_simplified(w.word),
                 probability=round(w.probability, 4))
            for w in (raw.words or [])
        )
        yield Segment(start=round(raw.start, 3), end=round(raw.end, 3), text=text,
                      avg_logprob=round(raw.avg_logprob, 4),
                      no_speech_prob=round(raw.no_speech_prob, 4), words=words)


class FasterWhisper:
    """The default Transcriber: faster-whisper (CTranslate2, int8) on the CPU."""

    def transcribe(self, samples: np.ndarray, model_dir: Path, options: TranscribeOptions | None = None,
                   on_progress: Callable[[float], None] | None = None) -> Iterator[Segment]:
        """See asr.Transcriber; delegates to the module's transcribe()."""
        return transcribe(samples, model_dir, options, on_progress=on_progress)
