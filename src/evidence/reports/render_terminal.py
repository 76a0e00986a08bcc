"""Plain-text rendering of recordings for the terminal (list, show, review), in the user's language."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING

from ..categories import label
from ..i18n import N_, _, ngettext
from .periods import is_night

if TYPE_CHECKING:
    from ..db.models import Recording
    from ..recordings import RecordingSummary

TIME_SOURCES = {
    "filename": N_("from the file name"),
    "container": N_("from the recording's creation tag"),
    "mtime": N_("from the file's modification time"),
    "user": N_("given with --when"),
}
REVIEW_STATES = {"unreviewed": N_("unreviewed"), "confirmed": N_("confirmed"), "dismissed": N_("dismissed")}


def clock(seconds: float) -> str:
    """The one offset formatter: seconds into a recording as MM:SS.s."""
    m, s = divmod(max(0.0, seconds), 60)
    return f"{int(m):02d}:{s:04.1f}"


def width(text: str) -> int:
    """Columns the text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    """The text padded with spaces to the given terminal width (left-aligned unless right)."""
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill


def night_mark(rec: Recording | RecordingSummary) -> str:
    """'夜间' for a call outside 08:00-22:00, else ''."""
    return _("night") if rec.call_start and is_night(rec.call_start) else ""


def header(rec: Recording) -> list[str]:
    when = rec.call_start.strftime("%Y-%m-%d %H:%M:%S") if rec.call_start else _("unknown")
    night = "  " + _("(night call, outside 08:00-22:00)") if night_mark(rec) else ""
    source = _(TIME_SOURCES[rec.time_source]) if rec.time_source in TIME_SOURCES else (rec.time_source or "")
    caller = _("  caller   {caller}").format(caller=rec.caller or _("unknown"))
    if rec.contact:
        caller += "  " + _("contact {name}").format(name=rec.contact)
    duration = (_("  duration {seconds:.1f} s").format(seconds=rec.duration) if rec.duration is not None
                else _("  duration unknown"))
    return [
        f"{rec.original_name}",
        _("  sha256   {sha256}").format(sha256=rec.sha256),
        caller,
        _("  time     {when}{night}  ({source})").format(when=when, night=night, source=source),
        duration,
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
            lines.append("      ^ " + _("{flag} [flag {id}: {state}]").format(
                flag=flag_line(f, rec), id=f.id, state=_(REVIEW_STATES.get(state, state))) + context)
    return lines


def speaker_label(speaker: str) -> str:
    """催收方 / 我方 / 未知 (in the user's language)."""
    return {"collector": _("Collector"), "debtor": _("Me")}.get(speaker, _("Unknown speaker"))


def flag_line(f, rec: Recording) -> str:
    """One flag for a person: category name, the words, where they are, and whether matched by sound."""
    at = ""
    if rec.call_start is not None:
        at = " " + (rec.call_start + dt.timedelta(seconds=f.start)).strftime("%H:%M:%S")
    how = ("  " + _("(matched by sound: check the recording)") if f.match == "sound" else
           "  " + _("(heard only on the second hearing: check the recording)") if f.match == "second" else "")
    return f"{pad(label(f.category), 12)} “{f.text}” {clock(f.start)}-{clock(f.end)}{at}{how}"


def summary_row(rec: Recording | RecordingSummary) -> str:
    """One line of `evidence list`: number, hash, time, night mark, caller, contact, length, flags."""
    when = rec.call_start.strftime("%Y-%m-%d %H:%M") if rec.call_start else "?"
    if rec.status != "done":
        return _("{id:4d}  {sha}  FAILED  {name}: {error}").format(
            id=rec.id, sha=rec.sha256[:12], name=rec.original_name, error=rec.error)
    dur = f"{rec.duration:6.1f}s" if rec.duration is not None else "      ?"
    flags = ngettext("{n} flag", "{n} flags", rec.flag_count).format(n=rec.flag_count)
    return (f"{rec.id:4d}  {rec.sha256[:12]}  {when} {pad(night_mark(rec), 5)}  {(rec.caller or '?'):>13s}  "
            f"{pad(rec.contact or '', 10)}  {dur}  {pad(flags, 9, right=True)}  {rec.original_name}")


def list_heading() -> str:
    """The column names over `evidence list`."""
    number, sha, when, caller = _("No."), _("SHA-256"), _("call time"), _("caller")
    contact, length, flags, file = _("contact"), _("length"), _("flags"), _("file")
    return (f"{pad(number, 4, right=True)}  {pad(sha, 12)}  {pad(when, 22)}  {pad(caller, 13, right=True)}  "
            f"{pad(contact, 10)}  {pad(length, 7, right=True)}  {pad(flags, 9, right=True)}  {file}")
