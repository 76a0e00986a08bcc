"""Labelled calls with their transcripts for the speaker bench, without re-transcribing.

Transcripts come from the data folders the flagger bench already filed (/work/cache/flagger/<set>,
SQLite with segments and words; copied to a temporary file, never modified). A call not filed
there is transcribed once with evidence's own transcriber and kept in bench/out/speaker-transcripts/.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"  # ../shared/corpus beside the checkout
FILED = Path("/work/cache/flagger")
OUT = ROOT / "bench" / "out" / "speaker-transcripts"


@dataclass(frozen=True)
class Call:
    id: str
    path: Path
    labels: dict
    segments: list  # evidence.asr.whisper.Segment
    source: str  # filed | transcribed


def _filed_segments(corpus: str) -> dict[str, list]:
    from evidence.asr.whisper import Segment, Word

    db = FILED / corpus / "evidence.sqlite3"
    if not db.is_file():
        return {}
    tmp = Path(tempfile.mkdtemp(prefix="speaker-bench-")) / "copy.sqlite3"
    src = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    dst = sqlite3.connect(tmp)
    src.backup(dst)
    src.close()
    out: dict[str, list] = {}
    rows = dst.execute("select id, sha256 from recordings where status='done'").fetchall()
    for rec_id, sha in rows:
        segs = []
        for seg_id, start, end, text, lp, ns in dst.execute(
                'select id, start, "end", text, avg_logprob, no_speech_prob from segments '
                "where recording_id=? order by idx", (rec_id,)):
            words = tuple(Word(*w) for w in dst.execute(
                'select start, "end", text, probability from words where segment_id=? order by idx',
                (seg_id,)))
            segs.append(Segment(start, end, text, lp, ns, words))
        out[sha] = segs
    dst.close()
    shutil.rmtree(tmp.parent, ignore_errors=True)
    return out


def _transcribed(path: Path, sha: str) -> list:
    from evidence.asr.models import default_model_dir
    from evidence.asr.whisper import Segment, Word, transcribe
    from evidence.ingest import audio

    cached = OUT / f"{sha}.json"
    if cached.is_file():
        data = json.loads(cached.read_text())
        return [Segment(**{**s, "words": tuple(Word(**w) for w in s["words"])}) for s in data]
    segs = list(transcribe(audio.decode(path).samples, default_model_dir()))
    OUT.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps([
        {"start": s.start, "end": s.end, "text": s.text, "avg_logprob": s.avg_logprob,
         "no_speech_prob": s.no_speech_prob,
         "words": [{"start": w.start, "end": w.end, "text": w.text, "probability": w.probability}
                   for w in s.words]} for s in segs], ensure_ascii=False))
    return segs


def load(corpus: str) -> list[Call]:
    """Every labelled call of a set (dev, dev-voices, or bench/holdout) with its transcript."""
    folder = ROOT / "bench" / "holdout" if corpus == "holdout" else CORPUS / corpus
    labels = json.loads((folder / "labels.json").read_text())
    filed = _filed_segments(corpus)
    calls = []
    for item in labels:
        path = folder / item["file"]
        if item["sha256"] in filed:
            calls.append(Call(item["id"], path, item, filed[item["sha256"]], "filed"))
        else:
            calls.append(Call(item["id"], path, item, _transcribed(path, item["sha256"]), "transcribed"))
    return calls


if __name__ == "__main__":
    import sys

    for name in sys.argv[1:] or ["dev", "dev-voices"]:
        calls = load(name)
        print(name, len(calls), "calls;", sum(c.source == "filed" for c in calls), "filed,",
              sum(c.source == "transcribed" for c in calls), "transcribed")
