"""Checking that nothing was altered: stored originals, the log chain, the rows it covers, packets."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import db as database
from ..db.models import LogEntry, Recording, Segment
from ..errors import BadArgument
from ..i18n import _
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
    for rec in recs:
        path = Path(rec.stored_path or "")
        if not rec.stored_path or not path.is_file():
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


def check_rows(recs: list[Recording], entries: list[LogEntry], result: VerifyResult) -> None:
    by_subject: dict[str, list[LogEntry]] = {}
    for e in entries:
        if e.subject:
            by_subject.setdefault(e.subject, []).append(e)
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
    with database.session() as s:
        recs = list(s.scalars(select(Recording).where(Recording.status == "done").options(
            selectinload(Recording.segments).selectinload(Segment.words),
            selectinload(Recording.flags)).order_by(Recording.id)).all())
        entries = list(s.scalars(select(LogEntry).order_by(LogEntry.seq)).all())
    check_originals(recs, result)
    check_chain(entries, result)
    check_rows(recs, entries, result)
    return result


def verify_packet(folder: Path) -> VerifyResult:
    result = VerifyResult()
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise BadArgument(_("{folder}: no manifest.json; is this a packet from `evidence report "
            "--out`?").format(folder=folder))
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    listed = manifest.get("files", {})
    for name, digest in listed.items():
        path = folder / name
        if not path.is_file():
            result.problems.append(_("{name}: missing from the packet").format(name=name))
        elif file_sha256(path) != digest:
            result.problems.append(_("{name}: altered (hash differs from the manifest)").format(name=name))
    present = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    for extra in sorted(present - set(listed) - {"manifest.json", "MANIFEST.sha256"}):
        result.problems.append(_("{extra}: not in the manifest").format(extra=extra))
    sums = folder / "MANIFEST.sha256"
    if sums.is_file():
        for line in sums.read_text(encoding="utf-8").splitlines():
            digest, _sep, name = line.partition("  ")
            if name.startswith("original:"):
                continue
            if listed.get(name) != digest:
                result.problems.append(_("MANIFEST.sha256 and manifest.json disagree on {name}").format(name=name))
    result.checked["files"] = len(listed)
    return result
