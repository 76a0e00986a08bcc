"""A small, fixed database for report tests: real SQLite, real stored audio, rows written directly
(so golden files do not depend on the recogniser)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from evidence import db as database
from evidence import paths
from evidence.db.models import Flag, Recording, Segment, Word
from evidence.ingest import store

from conftest import CALLS


def fill() -> None:
    p = paths.resolve().ensure()
    audio_file = next(CALLS.glob("13700001111*"))  # 4.4 s wav
    digest = hashlib.sha256(audio_file.read_bytes()).hexdigest()
    stored = store.put(p.store, audio_file, digest)
    calls = [
        ("13800138000", "张三", dt.datetime(2026, 10, 3, 23, 15, 0), digest, stored),
        ("13800138000", None, dt.datetime(2026, 10, 4, 9, 0, 0), "b" * 64, None),
        ("13800138000", None, dt.datetime(2026, 10, 4, 10, 0, 0), "c" * 64, None),
        ("13800138000", None, dt.datetime(2026, 10, 4, 11, 0, 0), "d" * 64, None),
        ("13800138000", None, dt.datetime(2026, 10, 4, 12, 0, 0), "e" * 64, None),
    ]
    with database.session() as s, s.begin():
        for i, (caller, contact, when, sha, stored_path) in enumerate(calls):
            rec = Recording(sha256=sha, original_name=f"{caller}_{when:%Y%m%d%H%M%S}.wav",
                            original_path=f"/phone/{caller}_{when:%Y%m%d%H%M%S}.wav",
                            stored_path=str(stored_path) if stored_path else None, size=1000,
                            format="wav", codec="pcm_s16le", duration=4.4, caller=caller,
                            contact=contact, call_start=when, time_source="filename",
                            ingested_at=dt.datetime(2026, 11, 1), status="done", model="base")
            seg = Segment(idx=0, start=1.3, end=3.6, text="你个骗子不要脸", avg_logprob=-0.3,
                          no_speech_prob=0.1)
            seg.words = [Word(idx=0, start=1.3, end=2.0, text="你个", probability=0.9),
                         Word(idx=1, start=2.0, end=2.5, text="骗子", probability=0.9),
                         Word(idx=2, start=2.5, end=3.3, text="不要脸", probability=0.9)]
            rec.segments.append(seg)
            s.add(rec)
            s.flush()
            if i == 0:
                for cat, text, start, end, rule in [("insult", "骗子", 2.0, 2.5, "insult.deadbeat"),
                                                    ("insult", "不要脸", 2.5, 3.3, "insult.shameless.exact")]:
                    s.add(Flag(recording_id=rec.id, segment_id=seg.id, category=cat, rule_id=rule,
                               kind="phrase", match="exact", text=text, normalized=text, start=start,
                               end=end, confidence=0.95, severity=2,
                               legal_basis="civil_1024,psl_50", lexicon_version="0" * 64,
                               created_at=dt.datetime(2026, 11, 1)))


def normalise(text: str) -> str:
    """Blank out what changes between runs: the generation time and the data folder."""
    import re

    text = re.sub(r"20\d\d-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?=[。\"<])", "GENERATED", text)
    text = re.sub(r"生成时间：[^。]*。", "生成时间：GENERATED。", text)
    text = re.sub(r"\(生成于 [^)]*\)", "(生成于 GENERATED)", text)
    text = text.replace(str(Path(paths.resolve().home)), "HOME")
    return text


def fill_logged() -> None:
    """fill(), with ingest log entries and flags from the real lexicon (as ingest leaves them)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from evidence.flagging import reflag
    from evidence.trust import chain

    fill()
    with database.session() as s, s.begin():
        for rec in s.scalars(select(Recording).options(
                selectinload(Recording.segments).selectinload(Segment.words),
                selectinload(Recording.flags))).all():
            chain.append(s, "ingest", chain.ingest_content(rec), subject=rec.sha256)
    reflag()


def add_call(caller: str | None, when: dt.datetime, lines: list[str], contact: str | None = None) -> str:
    """File a call with these transcript lines (one word per character, 0.25 s each), flagged by the
    real lexicon and logged as ingest does; returns its SHA-256."""
    from evidence.flagging import flag_new_recording

    sha = hashlib.sha256(f"{caller}{when}{lines}".encode()).hexdigest()
    with database.session() as s, s.begin():
        rec = Recording(sha256=sha, original_name=f"{caller}_{when:%Y%m%d%H%M%S}.m4a",
                        original_path=f"/phone/{caller}_{when:%Y%m%d%H%M%S}.m4a", stored_path=None,
                        size=1000, format="mp4", codec="aac", duration=30.0, caller=caller,
                        contact=contact, call_start=when, time_source="filename",
                        ingested_at=dt.datetime(2026, 11, 1), status="done", model="base")
        t = 0.0
        for i, line in enumerate(lines):
            seg = Segment(idx=i, start=t, end=t + 0.25 * len(line), text=line, avg_logprob=-0.2,
                          no_speech_prob=0.0)
            seg.words = [Word(idx=j, start=t + 0.25 * j, end=t + 0.25 * (j + 1), text=c, probability=0.95)
                         for j, c in enumerate(line)]
            t += 0.25 * len(line) + 0.5
            rec.segments.append(seg)
        s.add(rec)
        s.flush()
        flag_new_recording(s, rec)
    return sha
