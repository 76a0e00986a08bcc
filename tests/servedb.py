"""A data folder for page tests: real stored audio from tests/data, the labelled transcript of each
call written as segments and words (so no recogniser is needed), real flags from the lexicon, and
the ingest log entries, so `evidence verify` passes on it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from evidence import db as database
from evidence import flagging, paths
from evidence.db.models import Recording, Segment, Word
from evidence.ingest import store

from conftest import CALLS

# Browser-playable files; the AMR one is played from a converted copy.
SPEAKERS = {"c": "collector", "d": "debtor"}
FILES = ("通话录音@催收", "李四@180", "4006668888", "13700001111", "13700001112")


def fill(files: tuple[str, ...] = FILES) -> list[int]:
    """File the labelled calls whose names contain one of `files`; returns their recording ids."""
    p = paths.resolve().ensure()
    labels = json.loads((CALLS / "labels.json").read_text(encoding="utf-8"))
    ids = []
    for call in labels:
        if not any(part in call["file"] for part in files):
            continue
        source = CALLS / call["file"]
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        stored = store.put(p.store, source, digest)
        with database.session() as s, s.begin():
            rec = Recording(sha256=digest, original_name=source.name, original_path=str(source),
                            stored_path=str(stored), size=source.stat().st_size, format=source.suffix[1:],
                            codec=None, duration=call["duration"], caller=call["caller"], contact=None,
                            call_start=dt.datetime.fromisoformat(call["when"]), time_source="filename",
                            ingested_at=dt.datetime(2026, 11, 20), status="done", model="labels")
            for i, turn in enumerate(call["turns"]):
                seg = Segment(idx=i, start=turn["start"], end=turn["end"], text=turn["text"], avg_logprob=-0.2,
                              no_speech_prob=0.05, speaker=SPEAKERS[turn["who"]])
                step = (turn["end"] - turn["start"]) / len(turn["text"])
                seg.words = [Word(idx=j, start=round(turn["start"] + j * step, 3),
                                  end=round(turn["start"] + (j + 1) * step, 3), text=ch, probability=0.9)
                             for j, ch in enumerate(turn["text"])]
                rec.segments.append(seg)
            s.add(rec)
            s.flush()
            flagging.flag_new_recording(s, rec)
            ids.append(rec.id)
    return ids
