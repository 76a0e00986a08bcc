"""Flags a person adds for what the machine missed.

A person's flag is a row in `flags` like any other, with kind and match `manual`, so reports,
review and the packet show it, marked as added by a person. `evidence reflag` keeps it. Adding one
appends a `flag` entry holding the recording's whole set of flag digests (so `evidence verify`
checks the new row) and records it as confirmed, with the person's note, through the same review
path as `evidence review`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy.orm import selectinload

from .. import db as database
from .. import recordings
from ..categories import BY_ID, IDS
from ..db.models import Flag, Recording, Segment
from ..errors import BadArgument
from ..flagging import MANUAL_KIND, current_lexicon
from ..i18n import _
from . import chain

TIME_SLACK_S = 0.05  # a selection may end a hair past the recording's end (rounded word times)


def _category_defaults(category: str) -> tuple[str, int]:
    """The category's legal-basis keys (categories table) and the severity the lexicon most often
    gives its rules."""
    rules = [r for r in current_lexicon().rules if r.category == category]
    severity = Counter(r.severity for r in rules).most_common(1)[0][0] if rules else 2
    return ",".join(BY_ID[category].legal_keys), severity


def _span_text(rec: Recording, start: float, end: float) -> tuple[str, int | None]:
    """The transcript's words between start and end, and the segment they begin in."""
    parts: list[str] = []
    segment_id = None
    for seg in rec.segments:
        if seg.end <= start or seg.start >= end:
            continue
        if seg.words:
            # a word is in when most of it lies inside (selections carry rounded word times)
            words = [w.text for w in seg.words
                     if min(w.end, end) - max(w.start, start) > 0.5 * (w.end - w.start)]
        else:
            words = [seg.text]
        if words and segment_id is None:
            segment_id = seg.id
        parts.extend(words)
    return "".join(parts).strip(), segment_id


def add_manual_flag(ref: str, start: float, end: float, category: str, note: str | None = None) -> Flag:
    """Add a person's flag on recording `ref` from `start` to `end` seconds; returns the new flag.

    The flag's text is what the transcript says between those times. It is logged, kept across
    `evidence reflag`, and recorded as confirmed with `note`.
    """
    from ..flagging.textnorm import normalise
    from . import review

    if category not in IDS:
        raise BadArgument(_("unknown category '{category}'; use one of: {choices}").format(
            category=category, choices=", ".join(IDS)))
    if not (start >= 0 and end > start):
        raise BadArgument(_("the end ({end}) must come after the start ({start}), both in seconds "
                            "from the start of the recording").format(start=start, end=end))
    note = (note or "").strip() or None
    rec_id = recordings.find(ref).id
    basis, severity = _category_defaults(category)
    with database.session() as s, s.begin():
        rec = s.get(Recording, rec_id, options=[
            selectinload(Recording.segments).selectinload(Segment.words), selectinload(Recording.flags)])
        if rec.status != "done":
            raise BadArgument(_("recording {id} was not filed (it failed); nothing to flag").format(id=rec.id))
        if rec.duration is not None and end > rec.duration + TIME_SLACK_S:
            raise BadArgument(_("the recording is only {duration:.1f} s long; give an end within it").format(
                duration=rec.duration))
        text, segment_id = _span_text(rec, start, end)
        if not text:
            raise BadArgument(_("nothing was transcribed between {start:.1f} s and {end:.1f} s; "
                                "give the times of the words to flag").format(start=start, end=end))
        flag = Flag(recording_id=rec.id, segment_id=segment_id, category=category,
                    rule_id=f"{MANUAL_KIND}.{category}", kind=MANUAL_KIND, match=MANUAL_KIND, text=text,
                    normalized=normalise(text), start=round(start, 3), end=round(end, 3), confidence=1.0,
                    severity=severity, legal_basis=basis or None, lexicon_version=MANUAL_KIND,
                    created_at=dt.datetime.now().replace(microsecond=0))
        fp = review.flag_fingerprint(rec, flag)
        if any(f.kind == MANUAL_KIND and review.flag_fingerprint(rec, f) == fp for f in rec.flags):
            raise BadArgument(_("these words are already flagged as {category}").format(category=category))
        rec.flags.append(flag)
        s.flush()
        chain.append(s, "flag", {"sha256": rec.sha256, "added": chain.flag_digest(flag),
                                 "flags": chain.flags_content(rec)}, subject=rec.sha256)
        review.record_decision(s, rec, flag, "confirmed", note)
        return flag
