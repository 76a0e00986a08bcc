"""The data every report format presents, and the JSON contract other tools read.

JSON: {"month", "generated_at", "recordings": [{"sha256", "original_name", "caller", "contact",
"call_start", "duration", "call_flags": [], "flags": [{"category", "start", "end", "text", "rule",
"kind", "confidence", "speaker"}], "debtor_flags": [...], "transcript": [{"start", "end", "speaker",
"text"}]}], "summary": {...}}; start/end are seconds from the start of the recording. speaker is
collector, debtor or unknown; `flags` holds no flag on the debtor's own words (those are context,
in `debtor_flags`, and count nowhere in the summary).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import categories, paths
from .. import db as database
from ..db.models import Recording
from .periods import Period, is_night

CATEGORIES = categories.IDS
CATEGORY_ZH = {**categories.ZH, "night_call": "非法时段来电 (22:00–08:00)",
               "frequency": "频繁来电 (同日超过3次)"}
FREQUENCY_LIMIT = 3  # connected calls per number per day (GB/T 45251—2025)


@dataclass(frozen=True)
class FlagView:
    id: int
    category: str
    start: float
    end: float
    text: str
    rule: str
    kind: str
    match: str
    confidence: float
    severity: int
    legal_basis: tuple[str, ...]
    lexicon_version: str
    review: str = "unreviewed"  # unreviewed | confirmed | dismissed
    speaker: str = "unknown"  # collector | debtor | unknown


@dataclass(frozen=True)
class Line:
    """One transcript line with its party."""

    start: float
    end: float
    speaker: str
    text: str


@dataclass(frozen=True)
class CallView:
    id: int
    sha256: str
    original_name: str
    stored_path: str | None
    caller: str | None
    contact: str | None
    call_start: dt.datetime | None
    time_source: str | None
    duration: float | None
    call_flags: tuple[str, ...]
    flags: tuple[FlagView, ...]
    identity_said: tuple[str, ...]  # what the caller said about who they are
    debtor_flags: tuple[FlagView, ...] = ()  # lexicon hits in the debtor's own words: context only
    transcript: tuple[Line, ...] = ()
    third_party_call: bool = False  # the call was made to a relative, employer or contact


@dataclass(frozen=True)
class LogHead:
    seq: int
    sha256: str
    at: dt.datetime


@dataclass(frozen=True)
class Report:
    period: Period
    generated_at: dt.datetime
    calls: tuple[CallView, ...]
    summary: dict = field(default_factory=dict)
    log_head: LogHead | None = None


IDENTITY_WORDS = ("工号", "我是", "这里是", "公司", "律师事务所", "委托", "专员", "客服", "银行", "金融")


def _identity_lines(rec: Recording) -> tuple[str, ...]:
    lines = [seg.text for seg in rec.segments
             if seg.speaker != "debtor" and any(w in seg.text for w in IDENTITY_WORDS)]
    return tuple(lines[:3])


def _daily_counts(callers: set[str], days: set[dt.date]) -> Counter:
    if not callers:
        return Counter()
    with database.read_session() as s:
        rows = s.execute(
            select(Recording.caller, func.date(Recording.call_start), func.count())
            .where(Recording.status == "done", Recording.caller.in_(callers))
            .group_by(Recording.caller, func.date(Recording.call_start))
        ).all()
    return Counter({(c, dt.date.fromisoformat(d)): n for c, d, n in rows if d
                    and dt.date.fromisoformat(d) in days})


def _stored(rec: Recording) -> str | None:
    found = paths.resolve().original(rec.stored_path)
    return str(found) if found else None


def _third_party_call(rec: Recording) -> bool:
    """Whether the words show the call was made to a third party (lexicons/zh-CN/call_context.yaml)."""
    from ..flagging import current_lexicon, matcher
    from ..flagging.explain import TypedSegment

    segments = [TypedSegment(seg.start, seg.end, seg.text, seg.avg_logprob, seg.no_speech_prob)
                for seg in rec.segments]
    return bool(segments) and matcher.analyse(segments, current_lexicon()).third_party_call


def build(period: Period, caller: str | None = None, confirmed_only: bool = False,
          now: dt.datetime | None = None) -> Report:
    """Gather a period's calls; confirmed_only keeps only flags a person confirmed."""
    from ..trust import chain, review

    with database.read_session() as s:
        decisions = review.states(s)
        last = chain.head(s)
        log_head = LogHead(last.seq, last.entry_sha256, last.at) if last else None
        query = (select(Recording)
                 .where(Recording.status == "done", Recording.call_start >= period.start,
                        Recording.call_start < period.end)
                 .options(selectinload(Recording.flags), selectinload(Recording.segments))
                 .order_by(Recording.call_start, Recording.id))
        if caller:
            query = query.where(Recording.caller == caller)
        recs = list(s.scalars(query).all())
        to_third_party = {rec.id: _third_party_call(rec) for rec in recs}
    counts = _daily_counts({r.caller for r in recs if r.caller}, {r.call_start.date() for r in recs})
    calls = []
    for rec in recs:
        call_flags = []
        if is_night(rec.call_start):
            call_flags.append("night_call")
        if rec.caller and counts[(rec.caller, rec.call_start.date())] > FREQUENCY_LIMIT:
            call_flags.append("frequency")
        flags, debtor_flags = [], []
        for f in sorted(rec.flags, key=lambda f: f.start):
            decision = decisions.get(review.flag_fingerprint(rec, f))
            state = decision.decision if decision else "unreviewed"
            if confirmed_only and state != "confirmed":
                continue
            (debtor_flags if f.speaker == "debtor" else flags).append(FlagView(
                id=f.id, category=f.category, start=f.start, end=f.end, text=f.text, rule=f.rule_id,
                kind=f.kind, match=f.match, confidence=f.confidence, severity=f.severity,
                legal_basis=tuple(b for b in (f.legal_basis or "").split(",") if b),
                lexicon_version=f.lexicon_version, review=state, speaker=f.speaker))
        flags = tuple(flags)
        calls.append(CallView(id=rec.id, sha256=rec.sha256, original_name=rec.original_name,
                              stored_path=_stored(rec), caller=rec.caller, contact=rec.contact,
                              call_start=rec.call_start, time_source=rec.time_source,
                              duration=rec.duration, call_flags=tuple(call_flags), flags=flags,
                              identity_said=_identity_lines(rec), debtor_flags=tuple(debtor_flags),
                              transcript=tuple(Line(seg.start, seg.end, seg.speaker, seg.text)
                                               for seg in rec.segments),
                              third_party_call=to_third_party[rec.id]))
    report = Report(period=period, generated_at=(now or dt.datetime.now()).replace(microsecond=0),
                    calls=tuple(calls))
    return Report(period=report.period, generated_at=report.generated_at, calls=report.calls,
                  summary=summarise(report.calls), log_head=log_head)


def summarise(calls) -> dict:
    by_category = Counter(f.category for c in calls for f in c.flags)
    calls_by_category = Counter(cat for c in calls for cat in {f.category for f in c.flags})
    by_caller: dict[str, Counter] = defaultdict(Counter)
    by_day: Counter = Counter()
    for c in calls:
        key = c.caller or "unknown"
        by_caller[key]["calls"] += 1
        by_caller[key]["flags"] += len(c.flags)
        if c.flags or c.call_flags:
            by_day[c.call_start.date().isoformat()] += 1
    call_flags = Counter(cf for c in calls for cf in c.call_flags)
    return {
        "recordings": len(calls),
        "flagged_recordings": sum(1 for c in calls if c.flags or c.call_flags),
        "flags": sum(by_category.values()),
        "by_category": {cat: by_category.get(cat, 0) for cat in CATEGORIES},
        "by_review": dict(sorted(Counter(f.review for c in calls for f in c.flags).items())),
        "calls_by_category": {cat: calls_by_category.get(cat, 0) for cat in CATEGORIES},
        "call_flags": {k: call_flags.get(k, 0) for k in ("night_call", "frequency")},
        "by_caller": {k: dict(v) for k, v in sorted(by_caller.items())},
        "flagged_calls_by_day": dict(sorted(by_day.items())),
    }


def to_json(report: Report) -> dict:
    return {
        "month": report.period.label,
        "generated_at": report.generated_at.isoformat(),
        "log_head": ({"seq": report.log_head.seq, "sha256": report.log_head.sha256,
                      "at": report.log_head.at.isoformat()} if report.log_head else None),
        "recordings": [
            {
                "sha256": c.sha256, "original_name": c.original_name, "caller": c.caller,
                "contact": c.contact,
                "call_start": c.call_start.isoformat() if c.call_start else None,
                "time_source": c.time_source, "duration": c.duration,
                "call_flags": list(c.call_flags),
                "third_party_call": c.third_party_call,
                "flags": [
                    {"category": f.category, "start": f.start, "end": f.end, "text": f.text,
                     "rule": f.rule, "kind": f.kind, "match": f.match, "confidence": f.confidence,
                     "legal_basis": list(f.legal_basis), "lexicon_version": f.lexicon_version,
                     "review": f.review, "speaker": f.speaker}
                    for f in c.flags
                ],
                "debtor_flags": [
                    {"category": f.category, "start": f.start, "end": f.end, "text": f.text,
                     "rule": f.rule, "speaker": f.speaker}
                    for f in c.debtor_flags
                ],
                "transcript": [{"start": t.start, "end": t.end, "speaker": t.speaker, "text": t.text}
                               for t in c.transcript],
            }
            for c in report.calls
        ],
        "summary": report.summary,
    }


__all__ = ["Report", "CallView", "FlagView", "build", "to_json", "asdict"]
