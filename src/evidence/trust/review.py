"""Review decisions: a person confirms or dismisses each flag before anything is sent.

Decisions are keyed by the flag's fingerprint (recording, category, rule, words, time), so they
survive `evidence reflag`; a dismissed flag stays in the database and in the log.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import db as database
from ..db.models import Flag, Recording, Review
from ..errors import BadArgument, NotFound
from ..i18n import _
from . import chain

DECISIONS = ("confirmed", "dismissed")


def fingerprint(sha256: str, category: str, rule_id: str, normalized: str, start: float) -> str:
    return chain.sha(chain.canonical([sha256, category, rule_id, normalized, round(start, 1)]))


def flag_fingerprint(rec: Recording, f: Flag) -> str:
    return fingerprint(rec.sha256, f.category, f.rule_id, f.normalized, f.start)


def states(session: Session) -> dict[str, Review]:
    return {r.fingerprint: r for r in session.scalars(select(Review)).all()}


def decide(flag_id: int, decision: str, note: str | None = None) -> Review:
    """Record a person's decision on a flag (and a log entry), replacing an earlier one."""
    if decision not in DECISIONS:
        raise BadArgument(_("decision must be one of {value}").format(value=', '.join(DECISIONS)))
    with database.session() as s, s.begin():
        flag = s.get(Flag, flag_id)
        if flag is None:
            raise NotFound(_("no flag {flag_id}; `evidence review` lists them").format(flag_id=flag_id))
        return record_decision(s, s.get(Recording, flag.recording_id), flag, decision, note)


def record_decision(s: Session, rec: Recording, flag: Flag, decision: str, note: str | None) -> Review:
    """Write a decision and its log entry in the caller's transaction."""
    fp = flag_fingerprint(rec, flag)
    row = s.scalar(select(Review).where(Review.fingerprint == fp))
    now = dt.datetime.now().replace(microsecond=0)
    if row is None:
        row = Review(recording_sha256=rec.sha256, fingerprint=fp, decision=decision, note=note, decided_at=now)
        s.add(row)
    else:
        row.decision, row.note, row.decided_at = decision, note, now
    s.flush()
    chain.append(s, "review", {"sha256": rec.sha256, "fingerprint": fp, "flag": chain.flag_digest(flag),
                               "decision": decision, "note_sha256": chain.sha(note or "")},
                 subject=rec.sha256)
    return row


def pending(period_start: dt.datetime | None = None, period_end: dt.datetime | None = None,
            category: str | None = None) -> list[tuple[Recording, Flag]]:
    """Flags without a decision, oldest call first."""
    with database.session() as s:
        query = select(Flag, Recording).join(Recording, Flag.recording_id == Recording.id).order_by(
            Recording.call_start, Flag.start)
        if period_start is not None:
            query = query.where(Recording.call_start >= period_start, Recording.call_start < period_end)
        if category:
            query = query.where(Flag.category == category)
        decided = states(s)
        return [(rec, f) for f, rec in s.execute(query).all() if flag_fingerprint(rec, f) not in decided]


def clip_for(rec: Recording, f: Flag) -> Path:
    """The flag's audio clip for listening during review, cut from the stored original if missing."""
    from .. import paths
    from ..reports import clips

    clip = clips.review_clip(paths.resolve().ensure().clips, rec.sha256, f.id)
    if not clip.exists() and rec.stored_path:
        clips.cut(Path(rec.stored_path), [(f.start, f.end, clip)])
    return clip
