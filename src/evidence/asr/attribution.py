"""The speaker stage of ingest: transcript segments cut at voice changes, each with its party.

Runs on the decoded samples already in memory, after transcription. It never fails a filing: if
anything goes wrong the transcript is kept whole with every segment "unknown" (still flagged).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from . import speaker_roles, speakers
from .whisper import Segment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpokenSegment:
    """A Whisper segment, or the part of one spoken by one voice, with its party."""

    segment: Segment
    speaker: str  # collector | debtor | unknown
    voice: int | None


@dataclass(frozen=True)
class Attribution:
    segments: tuple[SpokenSegment, ...]
    method: str  # profile | cues | single | none | failed
    centroids: tuple[tuple[float, ...], ...]  # the two voices' mean embeddings (may be empty)
    speaker_of: tuple[str, str]


def _pieces(seg: Segment, index: int, voice_of: dict[tuple[int, float], int]) -> list[tuple[Segment, int | None]]:
    if not seg.words:
        return [(seg, voice_of.get((index, float(seg.start))))]
    runs: list[tuple[int | None, list]] = []
    for w in seg.words:
        v = voice_of.get((index, float(w.start)), runs[-1][0] if runs else None)
        if runs and runs[-1][0] == v:
            runs[-1][1].append(w)
        else:
            runs.append((v, [w]))
    if len(runs) == 1:
        return [(seg, runs[0][0])]
    return [(Segment(start=ws[0].start, end=ws[-1].end, text="".join(w.text for w in ws).strip(),
                     avg_logprob=seg.avg_logprob, no_speech_prob=seg.no_speech_prob, words=tuple(ws)), v)
            for v, ws in runs]


def _violations(voices: speakers.Voices, words_points) -> Sequence[int] | None:
    """The violations in each stretch, or None when they cannot be counted (a lexicon that does not
    load fails the flagging stage with its own message, not this one)."""
    if words_points is None:
        return None
    try:
        return words_points([s.text for s in voices.stretches])
    except Exception:  # noqa: BLE001
        return None


def attribute(samples: np.ndarray, segments: Sequence[Segment],
              profile: speaker_roles.Profile | None = None,
              words_points: Callable[[Sequence[str]], Sequence[int]] | None = None) -> Attribution:
    """Cut segments where the voice changes and name each part's speaker; words_points counts the
    violations in each stretch of speech (flagging.stretch_points), a clue to who is the collector."""
    segments = list(segments)
    try:
        voices = speakers.find_voices(samples, segments)
        violations = _violations(voices, words_points)
        roles = speaker_roles.decide(voices, profile, violations)
    except Exception:  # a filing must not fail on the speaker stage  # noqa: BLE001
        log.exception("speaker stage failed; transcript kept without speakers")
        return Attribution(tuple(SpokenSegment(s, speakers.UNKNOWN, None) for s in segments), "failed", (),
                           (speakers.UNKNOWN, speakers.UNKNOWN))
    voice_of: dict[tuple[int, float], int] = {}
    for st, lab in zip(voices.stretches, voices.labels, strict=True):
        for w in st.words:
            voice_of[(w.segment, w.start)] = lab
    out: list[SpokenSegment] = []
    for i, seg in enumerate(segments):
        for piece, v in _pieces(seg, i, voice_of):
            out.append(SpokenSegment(piece, roles.speaker_of[v] if v is not None else speakers.UNKNOWN, v))
    return Attribution(tuple(out), roles.method, voices.centroids, roles.speaker_of)


def debtor_centroid(att: Attribution) -> tuple[float, ...] | None:
    """The debtor voice's mean embedding, when the call has a collector and a debtor voice."""
    if att.method not in ("profile", "cues") or len(att.centroids) != 2:
        return None
    return att.centroids[att.speaker_of.index(speakers.DEBTOR)]


# ------------------------------------------------------------------ the stored voice profile


def load_profile(session) -> speaker_roles.Profile | None:
    """The user's voice profile from the database, if any call has built one."""
    from ..db.models import VoiceProfile

    row = session.get(VoiceProfile, 1)
    if row is None:
        return None
    return speaker_roles.Profile(tuple(json.loads(row.embedding)), row.n_calls, row.confirmed)


def current_profile() -> speaker_roles.Profile | None:
    """The stored profile, read in a short session of its own (before the filing transaction)."""
    from .. import db as database

    with database.read_session() as s:
        return load_profile(s)


def save_profile(session, profile: speaker_roles.Profile) -> None:
    from ..db.models import VoiceProfile

    row = session.get(VoiceProfile, 1)
    if row is None:
        row = VoiceProfile(id=1)
        session.add(row)
    row.embedding = json.dumps(list(profile.embedding))
    row.n_calls = profile.n_calls
    row.confirmed = profile.confirmed
    row.updated_at = dt.datetime.now().replace(microsecond=0)


def learn_profile(session, att: Attribution) -> None:
    """Add this call's debtor voice to the running mean (used for decisions once confirmed)."""
    centroid = debtor_centroid(att)
    if centroid is not None:
        save_profile(session, speaker_roles.profile_update(load_profile(session), centroid))
