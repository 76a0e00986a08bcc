"""Checking that nothing was altered: stored originals, the log chain, the rows it covers, packets."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import db as database
from .. import paths
from ..db.models import LogEntry, Recording, Review, Segment
from ..errors import BadArgument
from ..ingest.store import file_sha256
from . import chain


@dataclass
class VerifyResult:
    problems: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_originals(recs: list[Recording], result: VerifyResult) -> None:
    home = paths.resolve()
    for rec in recs:
        path = home.original(rec.stored_path)
        if path is None or not path.is_file():
            result.problems.append(f"original missing: {rec.stored_path} (recording {rec.id}, {rec.original_name})")
            continue
        actual = file_sha256(path)
        if actual != rec.sha256:
            result.problems.append(f"original altered: {path} (recording {rec.id}, {rec.original_name}) "
                                   f"hashes to {actual[:16]}…, filed as {rec.sha256[:16]}…")
    result.checked["originals"] = len(recs)


def check_chain(entries: list[LogEntry], result: VerifyResult) -> None:
    prev = chain.GENESIS
    expected_seq = 1
    for e in entries:
        if e.seq != expected_seq:
            result.problems.append(f"log entry {expected_seq} is missing or out of order (found entry {e.seq} "
                                   f"in its place)")
            expected_seq = e.seq
        if chain.sha(e.content) != e.content_sha256:
            result.problems.append(f"log entry {e.seq} ({e.action}): its content was edited")
        if e.prev_sha256 != prev:
            result.problems.append(f"log entry {e.seq} ({e.action}): does not follow the entry before it "
                                   "(an entry was deleted, inserted or reordered)")
        if chain.entry_hash(e.seq, e.at, e.action, e.subject, e.content_sha256, e.prev_sha256) != e.entry_sha256:
            result.problems.append(f"log entry {e.seq} ({e.action}): its own hash does not match")
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
            result.problems.append(f"recording {rec.id} ({rec.sha256[:12]}): not in the log")
            continue
        content = json.loads(ingests[-1].content)
        placed = [e for e in mine if e.action in ("ingest", "relocate")][-1]
        if chain.recording_digest(rec) != json.loads(placed.content)["recording"]:
            result.problems.append(f"recording {rec.id} ({rec.sha256[:12]}): its metadata row differs from "
                                   f"log entry {placed.seq}")
        if chain.transcript_digest(rec) != content["transcript"]:
            result.problems.append(f"recording {rec.id} ({rec.sha256[:12]}): its transcript rows differ from "
                                   f"log entry {ingests[-1].seq}")
        latest = [e for e in mine if e.action in ("ingest", "reflag", "speaker")][-1]
        fixes = [e for e in mine if e.action == "speaker"]
        if fixes:
            from .speaker_fix import speakers_digest

            if speakers_digest(rec) != json.loads(fixes[-1].content)["speakers"]:
                result.problems.append(f"recording {rec.id} ({rec.sha256[:12]}): its speakers differ from "
                                       f"log entry {fixes[-1].seq}")
        expected = json.loads(latest.content)["flags"]
        actual = chain.flags_content(rec)
        for fid in sorted(set(expected) | set(actual), key=int):
            if fid not in actual:
                result.problems.append(f"flag {fid} of recording {rec.id}: deleted (log entry {latest.seq} has it)")
            elif fid not in expected:
                result.problems.append(f"flag {fid} of recording {rec.id}: added outside the program "
                                       f"(not in log entry {latest.seq})")
            elif expected[fid] != actual[fid]:
                result.problems.append(f"flag {fid} of recording {rec.id}: row edited (differs from log entry "
                                       f"{latest.seq})")
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
    return result


def verify_packet(folder: Path) -> VerifyResult:
    result = VerifyResult()
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise BadArgument(f"{folder}: no manifest.json; is this a packet from `evidence report --out`?")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    listed = manifest.get("files", {})
    for name, digest in listed.items():
        path = folder / name
        if not path.is_file():
            result.problems.append(f"{name}: missing from the packet")
        elif file_sha256(path) != digest:
            result.problems.append(f"{name}: altered (hash differs from the manifest)")
    present = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    for extra in sorted(present - set(listed) - {"manifest.json", "MANIFEST.sha256"}):
        result.problems.append(f"{extra}: not in the manifest")
    sums = folder / "MANIFEST.sha256"
    if sums.is_file():
        for line in sums.read_text(encoding="utf-8").splitlines():
            digest, _, name = line.partition("  ")
            if name.startswith("original:"):
                continue
            if listed.get(name) != digest:
                result.problems.append(f"MANIFEST.sha256 and manifest.json disagree on {name}")
    result.checked["files"] = len(listed)
    return result
