#!/usr/bin/env python3
"""Real-time factor of `evidence ingest` against bare faster-whisper, same files, same settings,
measured in one process (the model loaded once and warmed up before either is timed).

Usage: python bench/ingest_speed.py [FOLDER]   (default ../shared/corpus/dev)
Target: the pipeline adds at most 10% to bare transcription time.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus" / "dev"
    os.environ["EVIDENCE_HOME"] = tempfile.mkdtemp(prefix="evidence-speed-")
    from evidence.asr.models import default_model_dir
    from evidence.asr.whisper import TranscribeOptions, load_model
    from evidence.ingest import audio
    from evidence.ingest.filing import expand, ingest_paths

    files = list(expand([folder]))
    model_dir = default_model_dir()
    model = load_model(str(model_dir))
    from evidence.asr import second_hearing

    kwargs = TranscribeOptions().as_kwargs()
    again = second_hearing.OPTIONS.as_kwargs()  # ingest hears each call twice (asr/second_hearing.py)
    list(model.transcribe(str(files[0]), **kwargs)[0])  # warm-up

    durations = sum(audio.decode(f).duration for f in files)

    def bare() -> float:
        t0 = time.perf_counter()
        for f in files:
            for options in (kwargs, again):
                segments, _ = model.transcribe(str(f), **options)
                list(segments)
        return time.perf_counter() - t0

    def pipeline() -> float:
        os.environ["EVIDENCE_HOME"] = tempfile.mkdtemp(prefix="evidence-speed-")
        t0 = time.perf_counter()
        results = ingest_paths(files)
        elapsed = time.perf_counter() - t0
        assert all(r.status == "filed" for r in results), [r.error for r in results]
        return elapsed

    rounds = []
    for _ in range(2):  # alternate, so drift in machine load hits both
        rounds.append((bare(), pipeline()))
    bare_s = min(b for b, _ in rounds)
    pipe_s = min(p for _, p in rounds)
    print(f"{len(files)} recordings, {durations:.1f} s of audio, {os.cpu_count()} CPU threads")
    print(f"bare faster-whisper, both hearings (base int8; beam 5 + VAD, beam 8 whole): {bare_s:.2f} s, "
          f"RTF {bare_s / durations:.3f}")
    print(f"evidence ingest (hash, store, decode, transcribe, flag, SQLite):  {pipe_s:.2f} s, "
          f"RTF {pipe_s / durations:.3f}")
    print(f"pipeline / bare = {pipe_s / bare_s:.3f} (target <= 1.10)")


if __name__ == "__main__":
    main()
