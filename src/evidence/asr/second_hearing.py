"""A second hearing of each recording: Whisper run again with other decoding options.

Whisper base gets whole syllables of Mandarin phone audio wrong, and which ones depends on how
it is run: with the voice-activity filter and beam 5 (the transcript) it may hear 借了 where,
without the filter and with beam 8, it hears 建了, and the other way round elsewhere. Neither
run is better overall (`bench/asr_accuracy.py`: the same character error rate on blind calls),
but a flag either one hears is evidence worth a listen. The second hearing is kept beside the
transcript (canonical JSON, its hash in the log); the transcript itself is never changed by it.
Flags found only in the second hearing are marked so (match `second`): 第二遍识别听到，请听录音核实.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .whisper import Segment, TranscribeOptions, Word

# The decoding of the second hearing: the whole recording (no voice-activity filter), beam 8.
OPTIONS = TranscribeOptions(beam_size=8, vad_filter=False)
NEAR = 1.0  # seconds: a second-hearing flag this close to a transcript flag adds nothing


def hear(samples, model_dir: Path, on_progress: Callable[[float], None] | None = None) -> list[Segment]:
    """The second hearing's segments (same model, OPTIONS)."""
    from . import transcriber

    return list(transcriber().transcribe(samples, model_dir, OPTIONS, on_progress=on_progress))


def to_json(segments: Sequence[Segment]) -> str:
    """Canonical JSON of a hearing: [[start, end, text, avg_logprob, no_speech_prob, words]]."""
    return json.dumps([[s.start, s.end, s.text, s.avg_logprob, s.no_speech_prob,
                        [[w.start, w.end, w.text, w.probability] for w in s.words]] for s in segments],
                      ensure_ascii=False, separators=(",", ":"))


def from_json(content: str) -> list[Segment]:
    return [Segment(start=s, end=e, text=t, avg_logprob=lp, no_speech_prob=ns,
                    words=tuple(Word(start=ws, end=we, text=wt, probability=wp) for ws, we, wt, wp in words))
            for s, e, t, lp, ns, words in json.loads(content)]


@dataclass(frozen=True)
class Piece(Segment):
    """The words of the second hearing that fall in one transcript segment, with its speaker."""

    speaker: str = "unknown"
    index: int = -1  # the transcript segment they fall in


def _home(transcript: Sequence, t: float) -> int | None:
    """The transcript segment holding time t, or the nearest within NEAR seconds."""
    best, gap = None, NEAR
    for i, seg in enumerate(transcript):
        d = max(seg.start - t, t - seg.end, 0.0)
        if d < gap:
            best, gap = i, d
            if d == 0.0:
                break
    return best


def pieces(transcript: Sequence, hearing: Sequence[Segment]) -> list[Piece]:
    """The second hearing cut where the transcript's segments (and so its speakers) change.

    Lines a person corrected are left out: their words stand, not either machine's."""
    out: list[Piece] = []
    for seg in hearing:
        run: list[Word] = []
        home: int | None = None
        for w in seg.words:
            h = _home(transcript, (w.start + w.end) / 2)
            if run and h != home:
                out.append(_piece(seg, run, home, transcript))
                run = []
            home = h
            run.append(w)
        if run:
            out.append(_piece(seg, run, home, transcript))
    return [p for p in out if p.index >= 0 and getattr(transcript[p.index], "machine_text", None) is None]


def _piece(seg: Segment, words: list[Word], home: int | None, transcript: Sequence) -> Piece:
    speaker = (getattr(transcript[home], "speaker", None) or "unknown") if home is not None else "unknown"
    return Piece(start=words[0].start, end=words[-1].end, text="".join(w.text for w in words).strip(),
                 avg_logprob=seg.avg_logprob, no_speech_prob=seg.no_speech_prob, words=tuple(words),
                 speaker=speaker, index=home if home is not None else -1)


def new_hits(first: Sequence, second: Sequence) -> list:
    """The hits of the second hearing where the transcript has none (of any category, within NEAR
    seconds): it fills what the transcript lost, and adds no category to words already flagged
    (on dev it had added 'threat' to a third-party turn and 'insult' to a threat)."""
    return [h for h in second if not any(f.start < h.end + NEAR and h.start < f.end + NEAR for f in first)]
