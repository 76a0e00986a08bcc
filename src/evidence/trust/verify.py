"""Checking that nothing was altered: stored originals, the log chain, the rows it covers, packets."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import db as database
from .. import paths
from ..db.models import LogEntry, Recording, Review, Segment
from ..errors import BadArgument
from ..i18n import _
from ..ingest.store import file_sha256
from . import chain


@dataclass
class VerifyResult:
    problems: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # worth knowing, not a sign of tampering

    @property
    def ok(self) -> bool:
        return not self.problems


def check_originals(recs: list[Recording], result: VerifyResult) -> None:
    home = paths.resolve()
    for rec in recs:
        path = home.original(rec.stored_path)
        if path is None or not path.is_file():
            result.problems.append(_("original missing: {stored_path} (recording {id}, {original_name})").format(
                stored_path=rec.stored_path, id=rec.id, original_name=rec.original_name))
            continue
        actual = file_sha256(path)
        if actual != rec.sha256:
            result.problems.append(_("original altered: {path} (recording {id}, {original_name}) hashes to "
                "{actual}…, filed as {sha256}…").format(
                path=path, id=rec.id, original_name=rec.original_name, actual=actual[:16], sha256=rec.sha256[:16]))
    result.checked["originals"] = len(recs)


def check_chain(entries: list[LogEntry], result: VerifyResult) -> None:
    prev = chain.GENESIS
    expected_seq = 1
    for e in entries:
        if e.seq != expected_seq:
            result.problems.append(_("log entry {expected_seq} is missing or out of order (found entry "
                "{seq} in its place)").format(expected_seq=expected_seq, seq=e.seq))
            expected_seq = e.seq
        if chain.sha(e.content) != e.content_sha256:
            result.problems.append(_("log entry {seq} ({action}): its content was edited").format(
                seq=e.seq, action=e.action))
        if e.prev_sha256 != prev:
            result.problems.append(_("log entry {seq} ({action}): does not follow the entry before it (an "
                "entry was deleted, inserted or reordered)").format(
                seq=e.seq, action=e.action))
        if chain.entry_hash(e.seq, e.at, e.action, e.subject, e.content_sha256, e.prev_sha256) != e.entry_sha256:
            result.problems.append(_("log entry {seq} ({action}): its own hash does not match").format(
                seq=e.seq, action=e.action))
        prev = e.entry_sha256
        expected_seq += 1
    result.checked["log entries"] = len(entries)


def _by_subject(entries: list[LogEntry]) -> dict[str, list[LogEntry]]:
    by_subject: dict[str, list[LogEntry]] = {}
    for e in entries:
        if e.subject:
            by_subject.setdefault(e.subject, []).append(e)
    return by_subject


def check_subjects(all_recs: list[Recording], entries: list[LogEntry], result: VerifyResult) -> None:
    """Every recording the log says was filed is still filed, unless a later `forget` removed it."""
    rows = {r.sha256: r for r in all_recs}
    for subject, mine in _by_subject(entries).items():
        filing = [e for e in mine if e.action in ("ingest", "forget", "supersede")]
        if not filing or filing[-1].action != "ingest":
            continue
        rec = rows.get(subject)
        if rec is None:
            result.problems.append(f"recording {subject[:12]}: filed (log entry {filing[-1].seq}) but missing from "
                                   "the database, and no `forget` entry removed it")
        elif rec.status != "done":
            result.problems.append(f"recording {rec.id} ({subject[:12]}): filed (log entry {filing[-1].seq}) but "
                                   f"now marked '{rec.status}', which hides it from reports")
    result.checked["recordings"] = len(rows)


def check_reviews(reviews: list[Review], entries: list[LogEntry], result: VerifyResult) -> None:
    """Each review decision matches the latest review entry for its fingerprint, and none was removed."""
    forgotten = {e.subject for e in entries if e.action in ("forget", "supersede")}
    latest: dict[str, LogEntry] = {}
    for e in entries:
        if e.action == "review":
            latest[json.loads(e.content)["fingerprint"]] = e
    rows = {r.fingerprint: r for r in reviews}
    for fp, e in latest.items():
        content = json.loads(e.content)
        row = rows.get(fp)
        if row is None:
            if content["sha256"] not in forgotten:
                result.problems.append(f"review decision of log entry {e.seq} ({content['decision']}): deleted "
                                       "from the database")
        elif (row.decision, chain.sha(row.note or "")) != (content["decision"], content["note_sha256"]):
            result.problems.append(f"review decision of log entry {e.seq}: changed outside the program (now "
                                   f"'{row.decision}', the log says '{content['decision']}')")
    for fp in sorted(set(rows) - set(latest)):
        result.problems.append(f"review decision {rows[fp].id} ({rows[fp].decision}): added outside the program "
                               "(not in the log)")
    result.checked["reviews"] = len(rows)


def check_head_file(entries: list[LogEntry], recorded: chain.Head | None, result: VerifyResult) -> None:
    """The log's last entry is the one the head file beside the database remembers (or a later one)."""
    if recorded is None:
        if entries:
            result.problems.append("the chain head file beside the database is missing, so removal of the last "
                                   "log entries cannot be ruled out; it is written again by the next change")
        return
    have = {e.seq: e.entry_sha256 for e in entries}
    last = entries[-1].seq if entries else 0
    if recorded.seq > last:
        result.problems.append(f"the log ends at entry {last} but the chain head file says entry {recorded.seq}: "
                               f"{recorded.seq - last} entr{'y was' if recorded.seq - last == 1 else 'ies were'} "
                               "removed from the end")
    elif have.get(recorded.seq) != recorded.sha256:
        result.problems.append(f"log entry {recorded.seq} differs from the chain head file beside the database")


def check_rows(recs: list[Recording], entries: list[LogEntry], result: VerifyResult) -> None:
    by_subject = _by_subject(entries)
    flags_checked = 0
    for rec in recs:
        mine = by_subject.get(rec.sha256, [])
        ingests = [e for e in mine if e.action == "ingest"]
        if not ingests:
            result.problems.append(_("recording {id} ({sha256}): not in the log").format(
                id=rec.id, sha256=rec.sha256[:12]))
            continue
        # Corrections, metadata changes and re-transcriptions log new digests; the latest
        # entry holding each digest is the one the rows must match.
        parsed = [(e, json.loads(e.content)) for e in mine]
        meta_entry, meta = [(e, c) for e, c in parsed if "recording" in c][-1]
        text_entry, text = [(e, c) for e, c in parsed if "transcript" in c][-1]
        if chain.recording_digest(rec) != meta["recording"]:
            result.problems.append(_("recording {id} ({sha256}): its metadata row differs from log entry "
                "{seq}").format(id=rec.id, sha256=rec.sha256[:12], seq=meta_entry.seq))
        if chain.transcript_digest(rec) != text["transcript"]:
            result.problems.append(_("recording {id} ({sha256}): its transcript rows differ from log entry "
                "{seq}").format(id=rec.id, sha256=rec.sha256[:12], seq=text_entry.seq))
        latest = [e for e, c in parsed if "flags" in c][-1]
        fixes = [e for e, c in parsed if "speakers" in c]  # speaker fixes, re-transcriptions
        if fixes:
            from .speaker_fix import speakers_digest

            if speakers_digest(rec) != json.loads(fixes[-1].content)["speakers"]:
                result.problems.append(_("recording {id} ({sha256}): its speakers differ from log entry {seq}").format(
                    id=rec.id, sha256=rec.sha256[:12], seq=fixes[-1].seq))
        expected = json.loads(latest.content)["flags"]
        actual = chain.flags_content(rec)
        for fid in sorted(set(expected) | set(actual), key=int):
            if fid not in actual:
                result.problems.append(_("flag {fid} of recording {id}: deleted (log entry {seq} has it)").format(
                    fid=fid, id=rec.id, seq=latest.seq))
            elif fid not in expected:
                result.problems.append(_("flag {fid} of recording {id}: added outside the program (not in log "
                    "entry {seq})").format(fid=fid, id=rec.id, seq=latest.seq))
            elif expected[fid] != actual[fid]:
                result.problems.append(_("flag {fid} of recording {id}: row edited (differs from log entry "
                    "{seq})").format(fid=fid, id=rec.id, seq=latest.seq))
            flags_checked += 1
    result.checked["flags"] = flags_checked


def verify_store() -> VerifyResult:
    result = VerifyResult()
    with database.read_session() as s:
        all_recs = list(s.scalars(select(Recording).options(
            selectinload(Recording.segments).selectinload(Segment.words),
            selectinload(Recording.flags)).order_by(Recording.id)).all())
        entries = list(s.scalars(select(LogEntry).order_by(LogEntry.seq)).all())
        reviews = list(s.scalars(select(Review)).all())
    recs = [r for r in all_recs if r.status == "done"]
    check_originals(recs, result)
    check_chain(entries, result)
    check_head_file(entries, chain.read_head_file(paths.resolve().database), result)
    check_subjects(all_recs, entries, result)
    check_rows(recs, entries, result)
    check_reviews(reviews, entries, result)
    check_store_leftovers(recs, result)
    return result


def check_store_leftovers(recs: list[Recording], result: VerifyResult) -> None:
    """Files in the store no recording refers to: temporary copies and originals left by an
    interrupted (or still running) ingest. Reported as notes: they hide nothing filed."""
    home = paths.resolve()
    if not home.store.is_dir():
        return
    referenced = {home.original(r.stored_path) for r in recs}
    for f in sorted(home.store.rglob("*")):
        if not f.is_file() and not f.is_symlink():
            continue
        shown = home.relative(f) if f.is_relative_to(home.home) else str(f)
        if f.name.startswith(".incoming-"):
            result.notes.append(f"{shown}: a temporary copy left by an interrupted ingest (safe to delete)")
        elif f not in referenced:
            result.notes.append(f"{shown}: in the store, but no filed recording refers to it (an interrupted or "
                                "still running ingest; ingest the recording again, or delete the file)")


PACKET_REPORTS = ("report.json", "report.md", "report.html", "flags.csv")
_CLIP_LINK = re.compile(r"\]\((clips/[^)]+)\)")


def _read_manifest(folder: Path) -> dict:
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise BadArgument(_("{folder}: no manifest.json; is this a packet from `evidence report "
            "--out`?").format(folder=folder))
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadArgument(_("{folder}/manifest.json is damaged ({why}); the packet cannot be checked").format(
            folder=folder, why=exc)) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise BadArgument(_("{folder}/manifest.json has no list of files; the packet cannot be checked").format(
            folder=folder))
    return manifest


def verify_packet(folder: Path) -> VerifyResult:
    """Check a packet folder: every file against manifest.json and MANIFEST.sha256 (both must be there
    and agree), the four reports present, and every clip the Markdown report links to listed."""
    result = VerifyResult()
    listed: dict[str, str] = _read_manifest(folder)["files"]
    for name, digest in listed.items():
        path = folder / name
        if not path.is_file():
            result.problems.append(_("{name}: missing from the packet").format(name=name))
        elif file_sha256(path) != digest:
            result.problems.append(_("{name}: altered (hash differs from the manifest)").format(name=name))
    present = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    for extra in sorted(present - set(listed) - {"manifest.json", "MANIFEST.sha256"}):
        result.problems.append(_("{extra}: not in the manifest").format(extra=extra))
    for name in PACKET_REPORTS:
        if name not in listed:
            result.problems.append(_("{name}: missing from the packet and from its manifest").format(name=name))
    sums = folder / "MANIFEST.sha256"
    if not sums.is_file():
        result.problems.append(_("MANIFEST.sha256: missing from the packet"))
    else:
        summed: dict[str, str] = {}
        for line in sums.read_text(encoding="utf-8", errors="replace").splitlines():
            digest, _sep, name = line.partition("  ")
            if not name.startswith("original:"):
                summed[name] = digest
        for name in sorted(set(summed) | set(listed)):
            if listed.get(name) != summed.get(name):
                result.problems.append(_("MANIFEST.sha256 and manifest.json disagree on {name}").format(name=name))
    report_md = folder / "report.md"
    if report_md.is_file():
        for clip in sorted(set(_CLIP_LINK.findall(report_md.read_text(encoding="utf-8", errors="replace")))):
            if clip not in listed:
                result.problems.append(_("{clip}: the report links to it but it is not in the packet's "
                                         "manifest").format(clip=clip))
    result.checked["files"] = len(listed)
    return result
