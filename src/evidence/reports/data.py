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

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from .. import categories, paths
from .. import db as database
from ..case import Case
from ..db.models import Recording
from . import institutions, legal, notice, sentences
from .notice import Request
from .periods import Period, is_night

CATEGORIES = categories.IDS
CATEGORY_ZH = {**categories.ZH, "night_call": "夜间来电（22:00–08:00）",
               "frequency": "频繁来电（同日超过3次）"}
FREQUENCY_LIMIT = 3  # connected calls per day, per number and per institution (GB/T 45251—2025)


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
    sentence: str = ""  # the whole sentence the flag sits in; sentence[lo:hi] is the flag's text
    sentence_lo: int = 0
    sentence_hi: int = 0
    segment: int | None = None  # 1-based transcript line, as `evidence show` numbers it
    after_notice: Request | None = None  # the debtor's earlier request not to contact third parties
    speaker: str = "unknown"  # collector | debtor | unknown


SPEAKER_ZH = {"collector": "催收方", "debtor": "我方"}


@dataclass(frozen=True)
class Line:
    """One transcript line as the report shows it, with its party."""

    segment: int  # 1-based
    start: float
    end: float
    text: str
    machine_text: str | None = None  # set when a person corrected the line
    speaker: str = "unknown"  # collector | debtor | unknown

    @property
    def corrected(self) -> bool:
        return self.machine_text is not None

    @property
    def party(self) -> str:
        """催收方 / 我方 for a line whose speaker is known, else empty."""
        return SPEAKER_ZH.get(self.speaker, "")


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
    transcript: tuple[Line, ...] = ()
    institution: str | None = None
    institution_source: str | None = None  # user (evidence number) | call (named in it)
    number_calls_that_day: int = 0
    institution_calls_that_day: int = 0
    bank_credit_card: bool = False  # the 信用卡办法 applies (case lender or a bank's 95xxx line)
    requests: tuple[Request, ...] = ()  # the debtor's requests not to contact third parties, here
    debtor_flags: tuple[FlagView, ...] = ()  # lexicon hits in the debtor's own words: context only
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
    case: Case = field(default_factory=Case)
    include_dismissed: bool = False


IDENTITY_WORDS = ("工号", "我是", "这里是", "公司", "律师事务所", "委托", "专员", "客服", "银行", "金融")


def _identity_lines(rec: Recording) -> tuple[str, ...]:
    lines = [seg.text for seg in rec.segments
             if seg.speaker != "debtor" and any(w in seg.text for w in IDENTITY_WORDS)]
    return tuple(lines[:3])


def _clock(call_start: dt.datetime | None, offset: float) -> str | None:
    return (call_start + dt.timedelta(seconds=offset)).strftime("%H:%M:%S") if call_start else None


def _requests(rec: Recording) -> list[Request]:
    out = []
    for seg in rec.segments:
        if seg.speaker == "collector":  # the request is the debtor's (or a contact's) words
            continue
        for _lo, _hi in notice.find_requests(seg.text):
            q = sentences.quote([seg.text], 0, seg.text)
            out.append(Request(sha256=rec.sha256, original_name=rec.original_name, caller=rec.caller,
                               contact=rec.contact, call_start=rec.call_start.isoformat(),
                               start=seg.start, clock_time=_clock(rec.call_start, seg.start),
                               text=q.sentence))
            break
    return out


def _day_context(recs: list[Recording], assigned: dict[str, str],
                 whole_days: bool) -> tuple[Counter, Counter, dict, list]:
    """Calls per (number, day) and per (institution, day) over every filed call on the days of
    `recs` (they are those calls when `whole_days`), each call's institution, and the requests not
    to contact third parties made in those calls or earlier ones from the same numbers or contacts."""
    if not recs:
        return Counter(), Counter(), {}, []
    days = {r.call_start.date() for r in recs}
    lo = dt.datetime.combine(min(days), dt.time())
    hi = dt.datetime.combine(max(days) + dt.timedelta(days=1), dt.time())
    callers = {r.caller for r in recs if r.caller}
    contacts = {r.contact for r in recs if r.contact}
    with database.read_session() as s:
        day_recs = recs if whole_days else list(s.scalars(
            select(Recording).where(Recording.status == "done", Recording.call_start >= lo,
                                    Recording.call_start < hi)
            .options(selectinload(Recording.segments))).all())
        earlier = list(s.scalars(
            select(Recording).where(Recording.status == "done", Recording.call_start < lo,
                                    or_(Recording.caller.in_(callers), Recording.contact.in_(contacts)))
            .options(selectinload(Recording.segments))).all())
    per_number: Counter = Counter()
    per_institution: Counter = Counter()
    inst: dict[int, tuple[str | None, str | None]] = {}
    requests: list[Request] = []
    for rec in sorted([*earlier, *day_recs], key=lambda r: (r.call_start, r.id)):
        requests += _requests(rec)
        if rec.call_start < lo or rec.call_start.date() not in days:
            continue
        inst[rec.id] = institutions.institution_for(rec.caller, [g.text for g in rec.segments], assigned)
        day = rec.call_start.date()
        if rec.caller:
            per_number[(rec.caller, day)] += 1
        if inst[rec.id][0]:
            per_institution[(inst[rec.id][0], day)] += 1
    return per_number, per_institution, inst, requests


def _after_notice(rec: Recording, start: float, requests: list[Request]) -> Request | None:
    """The first request this third-party contact came after (same call earlier, or an earlier
    call from the same number or contact)."""
    for req in requests:
        if req.sha256 == rec.sha256:
            if req.start < start:
                return req
        elif notice.same_party(req, rec.caller, rec.contact) and req.call_start < rec.call_start.isoformat():
            return req
    return None


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
          now: dt.datetime | None = None, include_dismissed: bool = False) -> Report:
    """Gather a period's calls; confirmed_only keeps only flags a person confirmed, and dismissed
    flags are left out unless include_dismissed."""
    from ..case import load_case, number_institutions
    from ..trust import chain, review

    case = load_case()
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
    per_number, per_institution, inst, requests = _day_context(recs, number_institutions(),
                                                               whole_days=caller is None)
    calls = []
    for rec in recs:
        institution, source = inst.get(rec.id, (None, None))
        day = rec.call_start.date()
        n_number = per_number[(rec.caller, day)] if rec.caller else 0
        n_inst = per_institution[(institution, day)] if institution else 0
        call_flags = []
        if is_night(rec.call_start):
            call_flags.append("night_call")
        if n_number > FREQUENCY_LIMIT or n_inst > FREQUENCY_LIMIT:
            call_flags.append("frequency")
        lines = [seg.text for seg in rec.segments]
        seg_index = {seg.id: i for i, seg in enumerate(rec.segments)}
        flags, debtor_flags = [], []
        for f in sorted(rec.flags, key=lambda f: f.start):
            decision = decisions.get(review.flag_fingerprint(rec, f))
            state = decision.decision if decision else "unreviewed"
            if confirmed_only and state != "confirmed":
                continue
            if state == "dismissed" and not include_dismissed:
                continue
            index = seg_index.get(f.segment_id, -1)
            q = sentences.quote(lines, index, f.text)
            (debtor_flags if f.speaker == "debtor" else flags).append(FlagView(
                id=f.id, category=f.category, start=f.start, end=f.end, text=f.text, rule=f.rule_id,
                kind=f.kind, match=f.match, confidence=f.confidence, severity=f.severity,
                legal_basis=tuple(b for b in (f.legal_basis or "").split(",") if b),
                lexicon_version=f.lexicon_version, review=state, sentence=q.sentence,
                sentence_lo=q.lo, sentence_hi=q.hi, segment=index + 1 if index >= 0 else None,
                after_notice=(_after_notice(rec, f.start, requests)
                              if f.category == "third_party" and f.speaker != "debtor" else None),
                speaker=f.speaker))
        calls.append(CallView(
            id=rec.id, sha256=rec.sha256, original_name=rec.original_name,
            stored_path=_stored(rec), caller=rec.caller, contact=rec.contact,
            call_start=rec.call_start, time_source=rec.time_source, duration=rec.duration,
            call_flags=tuple(call_flags), flags=tuple(flags), identity_said=_identity_lines(rec),
            transcript=tuple(Line(seg.idx + 1, seg.start, seg.end, seg.text, seg.machine_text, seg.speaker)
                             for seg in rec.segments),
            institution=institution, institution_source=source, number_calls_that_day=n_number,
            institution_calls_that_day=n_inst,
            bank_credit_card=case.is_bank_credit_card() or legal.is_bank_line(rec.caller),
            requests=tuple(r for r in requests if r.sha256 == rec.sha256),
            debtor_flags=tuple(debtor_flags), third_party_call=to_third_party[rec.id]))
    return Report(period=period, generated_at=(now or dt.datetime.now()).replace(microsecond=0),
                  calls=tuple(calls), summary=summarise(calls), log_head=log_head, case=case,
                  include_dismissed=include_dismissed)


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
        "calls_by_institution_day": _by_institution_day(calls),
        "after_notice": sum(1 for c in calls for f in c.flags if f.after_notice),
    }


def _by_institution_day(calls) -> dict[str, dict[str, int]]:
    """Calls per institution per day (every filed call that day, not only this report's)."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for c in calls:
        if c.institution:
            out[c.institution][c.call_start.date().isoformat()] = c.institution_calls_that_day
    return {k: dict(sorted(v.items())) for k, v in sorted(out.items())}


def notices(report: Report) -> list[dict]:
    """The timeline of requests not to contact third parties, each with the third-party flags
    that came after it (in this report's period)."""
    seen: dict[tuple[str, float], dict] = {}
    for c in report.calls:
        for r in c.requests:
            seen.setdefault((r.sha256, r.start), {**r.to_json(), "after": []})
        for f in c.flags:
            if f.after_notice is None:
                continue
            r = f.after_notice
            entry = seen.setdefault((r.sha256, r.start), {**r.to_json(), "after": []})
            entry["after"].append({"recording": c.sha256, "call_start": c.call_start.isoformat(),
                                   "start": f.start, "text": f.text, "sentence": f.sentence})
    return sorted(seen.values(), key=lambda e: (e["call_start"] or "", e["start"]))


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
                     "legal_basis": list(legal.bases_for(f.category, c.bank_credit_card)),
                     "lexicon_version": f.lexicon_version, "review": f.review,
                     "sentence": f.sentence, "sentence_span": [f.sentence_lo, f.sentence_hi],
                     "segment": f.segment, "speaker": f.speaker,
                     "after_notice": f.after_notice.to_json() if f.after_notice else None}
                    for f in c.flags
                ],
                "debtor_flags": [
                    {"category": f.category, "start": f.start, "end": f.end, "text": f.text,
                     "rule": f.rule, "speaker": f.speaker, "sentence": f.sentence, "review": f.review}
                    for f in c.debtor_flags
                ],
                "call_legal_basis": {cf: list(legal.bases_for(cf, c.bank_credit_card))
                                     for cf in c.call_flags},
                "institution": c.institution, "institution_source": c.institution_source,
                "number_calls_that_day": c.number_calls_that_day,
                "institution_calls_that_day": c.institution_calls_that_day,
                "transcript": [_line_json(ln) for ln in c.transcript],
            }
            for c in report.calls
        ],
        "summary": report.summary,
        "notices": notices(report),
        "legal_texts": dict(legal.CITATIONS),
        "include_dismissed": report.include_dismissed,
    }


def _line_json(ln: Line) -> dict:
    item = {"segment": ln.segment, "start": ln.start, "end": ln.end, "speaker": ln.speaker,
            "text": ln.text, "corrected": ln.corrected}
    if ln.corrected:
        item["machine_text"] = ln.machine_text
    return item


__all__ = ["Report", "CallView", "FlagView", "build", "to_json", "asdict"]
