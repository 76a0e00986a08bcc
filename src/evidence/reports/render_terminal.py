"""Plain-text rendering of recordings for the terminal."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..db.models import Recording
from ..i18n import _
from .periods import is_night

if TYPE_CHECKING:
    from ..db.models import Recording
    from ..recordings import RecordingSummary

TIME_SOURCES = {
    "filename": "from the file name",
    "container": "from the recording's creation tag",
    "mtime": "from the file's modification time",
    "user": "given with --when",
}


def clock(seconds: float) -> str:
    """The one offset formatter: seconds into a recording as MM:SS.s."""
    m, s = divmod(max(0.0, seconds), 60)
    return f"{int(m):02d}:{s:04.1f}"


def header(rec: Recording) -> list[str]:
    when = rec.call_start.strftime("%Y-%m-%d %H:%M:%S") if rec.call_start else "unknown"
    night = "  (outside 08:00-22:00)" if rec.call_start and is_night(rec.call_start) else ""
    return [
        f"{rec.original_name}",
        f"  sha256   {rec.sha256}",
        f"  caller   {rec.caller or 'unknown'}" + (f"  contact {rec.contact}" if rec.contact else ""),
        f"  time     {when}{night}  ({TIME_SOURCES.get(rec.time_source or '', rec.time_source)})",
        f"  duration {rec.duration:.1f} s" if rec.duration is not None else "  duration unknown",
    ]


def transcript(rec: Recording, mark_flags: bool = True,
               review_states: dict[int, str] | None = None) -> list[str]:
    flags_by_segment: dict[int | None, list] = {}
    if mark_flags:
        for f in rec.flags:
            flags_by_segment.setdefault(f.segment_id, []).append(f)
    lines = []
    for seg in rec.segments:
        text = seg.text
        for f in flags_by_segment.get(seg.id, []):
            if f.text and f.text in text:
                text = text.replace(f.text, f"[{f.text}]", 1)
        # The line number (from 1) is what `evidence correct REF LINE` takes.
        fixed = ("  " + _("(corrected; the machine wrote: {text})").format(text=seg.machine_text)
                 if seg.machine_text is not None else "")
        who = speaker_label(getattr(seg, "speaker", "unknown"))
        lines.append(f"  {seg.idx + 1:3d} [{clock(seg.start)}-{clock(seg.end)}] {who}：{text}{fixed}")
        for f in flags_by_segment.get(seg.id, []):
            state = (review_states or {}).get(f.id, "unreviewed")
            context = _("  (the user's own words: not a violation)") if f.speaker == "debtor" else ""
            lines.append(f"      ^ {flag_line(f, rec)} [{f.id}: {state}]{context}")
    return lines


def speaker_label(speaker: str) -> str:
    """催收方 / 我方 / 未知 (in the user's language)."""
    return {"collector": _("Collector"), "debtor": _("Me")}.get(speaker, _("Unknown speaker"))


def flag_line(f, rec: Recording) -> str:
    at = ""
    if rec.call_start is not None:
        at = " " + (rec.call_start + dt.timedelta(seconds=f.start)).strftime("%H:%M:%S")
    how = "by sound" if f.match == "sound" else "exact"
    return (f"{f.category:16s} \"{f.text}\" {clock(f.start)}-{clock(f.end)}{at}  "
            f"rule {f.rule_id} ({f.kind}, {how}, confidence {f.confidence:.2f})")


def summary_row(rec: Recording | RecordingSummary) -> str:
    when = rec.call_start.strftime("%Y-%m-%d %H:%M") if rec.call_start else "?"
    if rec.status != "done":
        return f"{rec.id:4d}  {rec.sha256[:12]}  FAILED  {rec.original_name}: {rec.error}"
    dur = f"{rec.duration:6.1f}s" if rec.duration is not None else "      ?"
    return (f"{rec.id:4d}  {rec.sha256[:12]}  {when}  {(rec.caller or '?'):>13s}  {dur}  "
            f"{rec.flag_count:3d} flags  {rec.original_name}")
