"""Filing a recording: hash, copy into the store, read its metadata, transcribe, save in one go.

Everything slow (hashing, copying, decoding, transcribing) happens before the database
transaction, and the recording, its transcript and its flags are written in one transaction. A
process killed at any point leaves either nothing or the whole record; running again completes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .. import asr, paths
from .. import db as database
from ..asr import attribution
from ..asr.models import resolve_model
from ..asr.whisper import Segment, TranscribeOptions
from ..db.models import Recording, Review, SecondHearing
from ..db.models import Segment as SegmentRow
from ..db.models import Word as WordRow
from ..errors import BadAudio, EvidenceError
from ..i18n import _
from . import audio, callmeta, store

IGNORED_PREFIXES = (".", "~$")
PARTIAL_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", ".download")


@dataclass(frozen=True)
class IngestResult:
    path: Path
    status: str  # filed | duplicate | restored | failed
    sha256: str | None = None
    recording_id: int | None = None
    error: str | None = None
    note: str | None = None  # e.g. truncated; or which partial recording this one replaced
    replaced: str | None = None  # SHA-256 of the partial recording this one replaced


@dataclass(frozen=True)
class Overrides:
    caller: str | None = None
    when: dt.datetime | None = None


def is_candidate(path: Path) -> bool:
    """A file worth trying when scanning a folder (not hidden, not partial, an audio extension)."""
    name = path.name
    if name.startswith(IGNORED_PREFIXES) or name.lower().endswith(PARTIAL_SUFFIXES):
        return False
    return audio.is_supported(path)


def expand(inputs: Iterable[Path]) -> Iterator[Path]:
    """Files named directly are yielded as they are (so a bad one is reported); folders recursively."""
    for item in inputs:
        if item.is_dir():
            for found in sorted(item.rglob("*")):
                if found.is_file() and is_candidate(found) and not _in_hidden(found, item):
                    yield found
        else:
            yield item


def _in_hidden(found: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in found.relative_to(root).parts[:-1])


def call_time(path: Path, name_meta: callmeta.CallMeta, decoded: audio.DecodedAudio,
              overrides: Overrides) -> tuple[dt.datetime, str]:
    """The call's start time and where it came from: user, filename, container, or mtime."""
    if overrides.when is not None:
        return overrides.when, "user"
    if name_meta.call_start is not None:
        return name_meta.call_start, "filename"
    if decoded.creation_time is not None:
        return decoded.creation_time, "container"
    return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0), "mtime"


def find_by_sha(sha256: str) -> Recording | None:
    with database.read_session() as s:
        return s.scalar(select(Recording).where(Recording.sha256 == sha256))


def _record_failure(path: Path, sha256: str, size: int, error: str) -> None:
    with database.session() as s, s.begin():
        row = s.scalar(select(Recording).where(Recording.sha256 == sha256))
        if row is None:
            row = Recording(sha256=sha256, original_name=path.name, original_path=str(path.resolve()),
                            size=size, ingested_at=dt.datetime.now().replace(microsecond=0),
                            status="failed")
            s.add(row)
        elif row.status == "done":
            return
        row.error = error
        row.ingested_at = dt.datetime.now().replace(microsecond=0)


class _AlreadyFiled(Exception):
    """Another process completed this recording while this one was transcribing it."""


def _save(path: Path, sha256: str, stored: Path, stored_rel: str, decoded: audio.DecodedAudio,
          meta: callmeta.CallMeta, overrides: Overrides, when: dt.datetime, source: str,
          model: str, segments: list[Segment], att, replaces: str | None = None,
          second: list[Segment] | None = None) -> tuple[int, str | None]:
    """Write the record; returns its id and the stored path of a replaced partial recording."""
    from ..flagging import flag_new_recording

    with database.session() as s, s.begin():
        earlier = s.scalar(select(Recording).where(Recording.sha256 == sha256))
        if earlier is not None and earlier.status == "done":
            raise _AlreadyFiled()  # never replace a completed record (it may carry --caller/--when)
        if earlier is not None:  # an earlier failed attempt: this one replaces it
            s.delete(earlier)
            s.flush()
        old_stored = _supersede(s, replaces, sha256) if replaces else None
        rec = Recording(
            sha256=sha256, original_name=path.name, original_path=str(path.resolve()),
            stored_path=stored_rel, size=stored.stat().st_size, format=decoded.format,
            codec=decoded.codec, duration=round(decoded.duration, 3),
            caller=overrides.caller or meta.caller, contact=meta.contact, call_start=when,
            time_source=source, ingested_at=dt.datetime.now().replace(microsecond=0),
            status="done", error=decoded.truncation_note(), model=model,
        )
        attach_transcript(rec, att)
        attach_second_hearing(rec, second)
        s.add(rec)
        attribution.learn_profile(s, att)
        s.flush()
        flag_new_recording(s, rec)  # flags and the log entry join the same transaction
        return rec.id, old_stored


def _supersede(s, old_sha: str, new_sha: str) -> str | None:
    """Remove a partial recording that the whole file now replaces; the log says which replaced it."""
    from ..trust import chain

    old = s.scalar(select(Recording).where(Recording.sha256 == old_sha))
    if old is None or old.status != "done":
        return None
    stored = old.stored_path
    s.execute(delete(Review).where(Review.recording_sha256 == old_sha))
    s.delete(old)
    s.flush()
    chain.append(s, "supersede", {"sha256": old_sha, "by": new_sha,
                                  "reason": "partial copy of a file that grew after it was filed"}, subject=old_sha)
    return stored


def _remove_stored(p: paths.Paths, stored: str | None, sha256: str) -> None:
    original = p.original(stored)
    if original is not None and original.exists() and original.resolve().is_relative_to(p.home.resolve()):
        os.chmod(original, 0o600)
        original.unlink()
    for clip in p.clips.glob(f"{sha256}*"):
        clip.unlink()


def _restore(p: paths.Paths, rec: Recording, path: Path) -> bool:
    """Put the stored original back from the same bytes when it went missing or was damaged."""
    original = p.original(rec.stored_path) or store.stored_path(p.store, rec.sha256, path.suffix)
    if original.is_file() and store.file_sha256(original) == rec.sha256:
        return False
    store.put(p.store, path, rec.sha256, target=original)
    return True


def ingest_file(
    path: Path,
    *,
    model: str | None = None,
    overrides: Overrides | None = None,
    options: TranscribeOptions | None = None,
    on_progress: Callable[[float, float], None] | None = None,
    replaces: str | None = None,
) -> IngestResult:
    """File one recording: the recording, its transcript, its flags and its log entry, in one
    transaction. Bad input comes back as a failed result with its reason, never raised.

    replaces: the SHA-256 of a partial recording of the same file (filed before the file finished
    growing); it is removed in the same transaction, with a `supersede` log entry.
    """
    overrides = overrides or Overrides()
    p = paths.resolve().ensure()
    if not path.exists():
        return IngestResult(path, "failed", error=_("{path}: no such file or folder").format(path=path))
    try:
        audio.check_supported(path)
        sha256 = store.sha256_file(path)
    except BadAudio as exc:
        return IngestResult(path, "failed", error=str(exc))
    existing = find_by_sha(sha256)
    if existing is not None and existing.status == "done":
        try:
            restored = _restore(p, existing, path)
        except BadAudio as exc:
            return IngestResult(path, "failed", sha256=sha256, error=str(exc))
        return IngestResult(path, "restored" if restored else "duplicate", sha256=sha256,
                            recording_id=existing.id)
    size = path.stat().st_size
    try:
        decoded = audio.decode(path)
        model_dir = resolve_model(model)
        was_stored = store.stored_path(p.store, sha256, path.suffix).is_file()
        stored = store.put(p.store, path, sha256)
    except BadAudio as exc:
        _record_failure(path, sha256, size, str(exc))
        return IngestResult(path, "failed", sha256=sha256, error=str(exc))
    meta = callmeta.parse_filename(path.name)
    when, source = call_time(path, meta, decoded, overrides)
    try:
        segments, second = hear_twice(decoded, model_dir, options, on_progress)
        from ..flagging import stretch_points

        att = attribution.attribute(decoded.samples, segments, attribution.current_profile(), stretch_points)
        rec_id, old_stored = _save(path, sha256, stored, p.relative(stored), decoded, meta, overrides, when,
                                   source, model or "base", segments, att, replaces, second)
    except EvidenceError:
        # nothing was filed (a damaged model or lexicon): leave no copy the database does not know of
        if not was_stored and find_by_sha(sha256) is None:
            _remove_stored(p, p.relative(stored), sha256)
        raise
    except (IntegrityError, _AlreadyFiled):  # another process filed the same bytes a moment ago
        existing = find_by_sha(sha256)
        return IngestResult(path, "duplicate", sha256=sha256,
                            recording_id=existing.id if existing else None)
    if old_stored is not None:
        _remove_stored(p, old_stored, replaces)
    return IngestResult(path, "filed", sha256=sha256, recording_id=rec_id, note=decoded.truncation_note(),
                        replaced=replaces if old_stored is not None else None)


def ingest_paths(
    inputs: list[Path],
    *,
    model: str | None = None,
    caller: str | None = None,
    when: dt.datetime | None = None,
    on_result: Callable[[IngestResult], None] | None = None,
    on_file: Callable[[int, int, Path], None] | None = None,
    on_progress: Callable[[float, float], None] | None = None,
) -> list[IngestResult]:
    """Ingest every recording under inputs, going on past bad files (the batch the CLI runs).

    on_file(i, n, path) is called as file i of n begins; on_progress(seconds done, seconds in
    total) as its transcription advances; on_result(result) when it is filed or refused."""
    files = list(expand(inputs))
    results = []
    for i, path in enumerate(files, 1):
        if on_file:
            on_file(i, len(files), path)
        result = ingest_file(path, model=model, overrides=Overrides(caller=caller, when=when),
                             on_progress=on_progress)
        results.append(result)
        if on_result:
            on_result(result)
    return results


__all__ = ["IngestResult", "Overrides", "expand", "ingest_file", "ingest_paths", "is_candidate", "EvidenceError"]


def hear_twice(decoded: audio.DecodedAudio, model_dir: Path, options: TranscribeOptions | None,
               on_progress: Callable[[float, float], None] | None) -> tuple[list[Segment], list[Segment] | None]:
    """The transcript and the second hearing (asr/second_hearing.py); progress runs over both. Options
    other than the default (a test's, a bench's) get no second hearing."""
    from ..asr import second_hearing

    half = decoded.duration / 2
    first = (lambda t: on_progress(t / 2, decoded.duration)) if on_progress else None
    segments = list(asr.transcriber().transcribe(decoded.samples, model_dir, options, on_progress=first))
    if options is not None and options != TranscribeOptions():
        return segments, None
    again = (lambda t: on_progress(half + t / 2, decoded.duration)) if on_progress else None
    return segments, second_hearing.hear(decoded.samples, model_dir, on_progress=again)


def attach_second_hearing(rec: Recording, second: list[Segment] | None) -> None:
    """Keep the second hearing beside the transcript (or drop an old one when there is none)."""
    from ..asr import second_hearing
    from ..trust import chain

    if second is None:
        rec.second_hearing = None
        return
    content = second_hearing.to_json(second)
    rec.second_hearing = SecondHearing(
        options=json.dumps(dataclasses.asdict(second_hearing.OPTIONS), sort_keys=True), content=content,
        content_sha256=chain.sha(content))


def attach_transcript(rec: Recording, att) -> None:
    """Put an attributed transcript (segments, words, parties, voices) on a recording's row:
    the one way ingest and retranscribe store what the recogniser and the speaker stage found."""
    rec.speaker_method = att.method
    rec.voices = json.dumps([list(c) for c in att.centroids]) if att.centroids else None
    for i, spoken in enumerate(att.segments):
        seg = spoken.segment
        row = SegmentRow(idx=i, start=seg.start, end=seg.end, text=seg.text,
                         avg_logprob=seg.avg_logprob, no_speech_prob=seg.no_speech_prob,
                         speaker=spoken.speaker, voice=spoken.voice)
        row.words = [WordRow(idx=j, start=w.start, end=w.end, text=w.text,
                             probability=w.probability) for j, w in enumerate(seg.words)]
        rec.segments.append(row)
