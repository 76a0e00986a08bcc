"""Who spoke when: split a call's words into its two parties by voice.

Speech is cut into stretches at the pauses between Whisper's timed words; each stretch gets a
Resemblyzer speaker embedding (speaker_encoder.py, run by onnxruntime); the stretches are split
into two voices by weighted 2-means on cosine similarity (seeded with the two least alike long
stretches), smoothed so a voice change needs a pause, and Whisper's segments are cut wherever the
voice changes (Whisper often merges both parties' turns into one segment). Which voice is the
collector is decided by speaker_roles.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import speaker_encoder as enc

PAUSE_S = 0.25  # a gap between words at least this long may separate two speakers
MIN_SILENCE_S = 0.2  # a silence in the audio at least this long may separate two speakers
SILENCE_DB = 6.0  # frames within this many dB of the noise floor are silence
PAD_S = 0.05  # audio kept around a stretch's words
MIN_SEED_S = 1.0  # stretches at least this long may seed the two voices
SWITCH_COST = 0.04  # similarity a voice change must gain, per stretch boundary
WINDOW_STEP = 80  # frames between partial windows (0.8 s)

COLLECTOR, DEBTOR, UNKNOWN = "collector", "debtor", "unknown"
SPEAKERS = (COLLECTOR, DEBTOR, UNKNOWN)


@dataclass(frozen=True)
class TimedWord:
    """A word with the index of the Whisper segment it came from."""

    start: float
    end: float
    text: str
    segment: int


@dataclass(frozen=True)
class Stretch:
    """Consecutive words with no pause between them: one speaker."""

    start: float
    end: float
    words: tuple[TimedWord, ...]

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words).strip()

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Turn:
    """Part of one Whisper segment spoken by one party; voice is 0 or 1 (the clusters)."""

    segment: int
    start: float
    end: float
    text: str
    voice: int
    speaker: str = UNKNOWN


@dataclass(frozen=True)
class Voices:
    """A call's stretches, the voice (0/1) of each, and the two voices' mean embeddings."""

    stretches: tuple[Stretch, ...]
    labels: tuple[int, ...]
    centroids: tuple[tuple[float, ...], ...]  # two L2-normed 256-d means (empty: one voice)
    separation: float  # 1 - cosine between the two centroids

    def texts(self) -> tuple[str, str]:
        """All words of voice 0 and of voice 1."""
        parts = ["", ""]
        for s, lab in zip(self.stretches, self.labels, strict=True):
            parts[lab] += s.text
        return parts[0], parts[1]


def timed_words(segments: Sequence) -> list[TimedWord]:
    """Flatten transcript segments (with .words) to timed words; a segment with none is one word."""
    out = []
    for i, seg in enumerate(segments):
        words = getattr(seg, "words", ()) or ()
        if words:
            out.extend(TimedWord(float(w.start), float(w.end), w.text, i) for w in words if w.end > w.start)
        else:
            out.append(TimedWord(float(seg.start), float(seg.end), seg.text, i))
    out.sort(key=lambda w: w.start)
    return out


def speech_intervals(samples: np.ndarray, min_silence: float = MIN_SILENCE_S) -> list[tuple[float, float]]:
    """Stretches of sound between silences of at least min_silence seconds (10 ms energy frames).

    Silence is anything within SILENCE_DB of the recording's noise floor (its 10th percentile
    frame energy), so hiss and codec noise do not count as speech.
    """
    hop = 160
    n = len(samples) // hop
    if n == 0:
        return []
    frames = np.asarray(samples[: n * hop], dtype=np.float32).reshape(n, hop)
    db = 10 * np.log10(np.mean(frames.astype(np.float64) ** 2, axis=1) + 1e-10)
    loud = db > np.percentile(db, 10) + SILENCE_DB
    min_run = int(round(min_silence * 100))
    out: list[tuple[float, float]] = []
    i = 0
    while i < n:
        if not loud[i]:
            i += 1
            continue
        j = i
        quiet = 0
        while j < n and quiet < min_run:
            quiet = quiet + 1 if not loud[j] else 0
            j += 1
        end = j - quiet
        if end - i >= 5:  # at least 50 ms of sound
            out.append((i / 100, end / 100))
        i = j
    return out


def stretches(words: Sequence[TimedWord], intervals: Sequence[tuple[float, float]] | None = None,
              pause: float = PAUSE_S) -> list[Stretch]:
    """Group words into stretches of one speaker: cut at audio silences and at pauses between words.

    Whisper's word times often run across a silence, so each word goes to the sound interval it
    overlaps most, and a stretch takes the interval's times. Without intervals, word times are used.
    """
    if not intervals:
        intervals = [(w.start, w.end) for w in words]
    starts = np.array([a for a, _ in intervals])
    ends = np.array([b for _, b in intervals])
    groups: dict[int, list[TimedWord]] = {}
    for w in words:
        overlap = np.minimum(ends, w.end) - np.maximum(starts, w.start)
        k = int(np.argmax(overlap))
        if overlap[k] <= 0:  # in a silence: the nearest interval
            k = int(np.argmin(np.minimum(np.abs(starts - w.end), np.abs(ends - w.start))))
        groups.setdefault(k, []).append(w)
    out: list[Stretch] = []
    for k in sorted(groups):
        a, b = intervals[k]
        runs: list[list[TimedWord]] = [[]]
        for w in groups[k]:
            if runs[-1] and w.start - runs[-1][-1].end >= pause:
                runs.append([])
            runs[-1].append(w)
        for i, run in enumerate(runs):
            lo = a if i == 0 else run[0].start
            hi = b if i == len(runs) - 1 else run[-1].end
            if hi <= lo:
                lo, hi = run[0].start, max(run[-1].end, run[0].start + 0.01)
            out.append(Stretch(lo, hi, tuple(run)))
    return out


def embed_stretches(samples: np.ndarray, parts: Sequence[Stretch]) -> np.ndarray:
    """One L2-normed embedding per stretch: the mean of its 1.6 s partial windows.

    Stretches shorter than one window are embedded on their own frames (no zero padding).
    """
    wav = enc.normalize_volume(samples)
    mel = enc.mel_frames(wav)
    rate = enc.SAMPLE_RATE / enc.HOP
    full: list[np.ndarray] = []
    owners: list[int] = []
    out = np.zeros((len(parts), enc.EMBED_DIM), dtype=np.float32)
    for i, s in enumerate(parts):
        a = max(0, int((s.start - PAD_S) * rate))
        b = min(len(mel), int(np.ceil((s.end + PAD_S) * rate)))
        n = b - a
        if n < 10:
            continue
        if n < enc.PARTIAL_FRAMES:
            out[i] = enc.embed_mels(mel[a:b][None])[0]
            continue
        starts = list(range(a, b - enc.PARTIAL_FRAMES + 1, WINDOW_STEP))
        if b - enc.PARTIAL_FRAMES not in starts:
            starts.append(b - enc.PARTIAL_FRAMES)
        for st in starts:
            full.append(mel[st:st + enc.PARTIAL_FRAMES])
            owners.append(i)
    if full:
        embeds = enc.embed_mels(np.stack(full))
        owner = np.asarray(owners)
        for i in set(owners):
            out[i] = embeds[owner == i].mean(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


def _normed(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v)
    return v / n if n > 0 else v


def two_means(emb: np.ndarray, weights: np.ndarray, iters: int = 20) -> np.ndarray:
    """Split embeddings into two groups by cosine; seeds: the least alike pair of long stretches."""
    n = len(emb)
    if n < 2:
        return np.zeros(n, dtype=int)
    long = np.flatnonzero(weights >= MIN_SEED_S)
    if len(long) < 2:
        long = np.argsort(-weights)[: max(2, min(n, 4))]
    sims = emb[long] @ emb[long].T
    i, j = np.unravel_index(np.argmin(sims), sims.shape)
    centroids = np.stack([emb[long[i]], emb[long[j]]])
    labels = np.zeros(n, dtype=int)
    for _ in range(iters):
        new = np.argmax(emb @ centroids.T, axis=1)
        if len(set(new.tolist())) < 2:
            break
        for k in (0, 1):
            centroids[k] = _normed((emb[new == k] * weights[new == k, None]).sum(axis=0))
        if np.array_equal(new, labels):
            break
        labels = new
    return labels


def smooth(emb: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Viterbi over the stretches: a voice change costs SWITCH_COST of summed similarity."""
    n = len(emb)
    if n < 3 or len(set(labels.tolist())) < 2:
        return labels
    centroids = np.stack([_normed((emb[labels == k] * weights[labels == k, None]).sum(axis=0))
                          for k in (0, 1)])
    score = (emb @ centroids.T) * np.sqrt(np.clip(weights, 0.2, 4.0))[:, None]
    best = score[0].copy()
    back = np.zeros((n, 2), dtype=int)
    for t in range(1, n):
        new = np.empty(2)
        for k in (0, 1):
            stay, switch = best[k], best[1 - k] - SWITCH_COST
            back[t, k] = k if stay >= switch else 1 - k
            new[k] = max(stay, switch) + score[t, k]
        best = new
    path = np.zeros(n, dtype=int)
    path[-1] = int(np.argmax(best))
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def find_voices(samples: np.ndarray, segments: Sequence) -> Voices:
    """Split a call's speech into two voices (labels 0/1 per stretch)."""
    parts = stretches(timed_words(segments), speech_intervals(samples))
    if not parts:
        return Voices((), (), (), 0.0)
    emb = embed_stretches(samples, parts)
    weights = np.array([p.duration for p in parts])
    labels = smooth(emb, two_means(emb, weights), weights)
    if len(set(labels.tolist())) < 2:
        return Voices(tuple(parts), tuple(int(x) for x in labels), (), 0.0)
    centroids = [_normed((emb[labels == k] * weights[labels == k, None]).sum(axis=0)) for k in (0, 1)]
    separation = float(1 - centroids[0] @ centroids[1])
    return Voices(tuple(parts), tuple(int(x) for x in labels),
                  tuple(tuple(round(float(x), 6) for x in c) for c in centroids), round(separation, 4))


def split_segments(segments: Sequence, voices: Voices, speaker_of: Sequence[str] = (COLLECTOR, DEBTOR)
                   ) -> list[Turn]:
    """Whisper segments cut where the voice changes; speaker_of names voice 0 and voice 1."""
    voice_of_word: dict[tuple[int, float], int] = {}
    for s, lab in zip(voices.stretches, voices.labels, strict=True):
        for w in s.words:
            voice_of_word[(w.segment, w.start)] = lab
    turns: list[Turn] = []
    for i, seg in enumerate(segments):
        words = [w for w in timed_words([seg])]
        current: list[TimedWord] = []
        current_voice = None
        for w in words:
            v = voice_of_word.get((i, w.start), current_voice if current_voice is not None else 0)
            if current and v != current_voice:
                turns.append(_turn(i, current, current_voice, speaker_of))
                current = []
            current.append(w)
            current_voice = v
        if current:
            turns.append(_turn(i, current, current_voice or 0, speaker_of, seg if len(current) == len(words)
                               else None))
    return turns


def _turn(index: int, words: list[TimedWord], voice: int, speaker_of: Sequence[str], whole=None) -> Turn:
    name = speaker_of[voice] if voice < len(speaker_of) else UNKNOWN
    if whole is not None:  # the whole segment: keep Whisper's text and times
        return Turn(index, float(whole.start), float(whole.end), whole.text, voice, name)
    return Turn(index, words[0].start, words[-1].end, "".join(w.text for w in words).strip(), voice, name)
