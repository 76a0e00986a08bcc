"""How well Whisper hears a labelled corpus, per decoding variant, against the shipped options.

For each call of a labelled corpus (`labels.json` beside its recordings: every turn's text, start
and end), the recording is decoded as `evidence ingest` decodes it and transcribed once per
variant. Each recognised word goes to the labelled turn holding its centre; the character error
rate (edit distance over the reference's length, punctuation and spaces removed) is summed over
all turns and over the violation turns alone, the ones a missed flag is lost evidence in.

    python bench/asr_accuracy.py ../shared/corpus/dev ../shared/corpus/dev-voices
    python bench/asr_accuracy.py CORPUS --variants shipped,no_vad_beam8 --limit 10

The first variant is the baseline; the others are quoted as a ratio of its error and its time,
measured in the same run. Words heard more than a second from any labelled turn (text made up
from a ring tone or hold music) are counted apart as stray characters.

Round fifteen: without the voice-activity filter and with beam 8, Whisper base heard fewer
characters wrong on dev-voices (0.147 -> 0.140) and on three blind writers' one-voice calls, but
not over their 48 calls in both renderings (0.203 -> 0.203; violation turns 0.210 -> 0.211), and
flag F1 on those calls fell (mean 0.835 -> 0.808 over six renderings). The shipped options stayed.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

from evidence.asr import models, whisper
from evidence.ingest import audio

_DROP = re.compile(r"[\s，。！？、；：,.!?;:“”\"'…—（）()《》]+")

# Variant name -> changes to the shipped TranscribeOptions (or to how the audio is fed).
VARIANTS: dict[str, dict] = {
    "shipped": {},
    "vad_beam5": {"vad_filter": True, "beam_size": 5},  # the options before round fifteen
    "vad_beam8": {"vad_filter": True, "beam_size": 8},
    "no_vad_beam5": {"vad_filter": False, "beam_size": 5},
    "beam8": {"beam_size": 8},
    "no_vad": {"vad_filter": False},
    "patience2": {"patience": 2.0},
    "no_fallback": {"temperature": 0.0},
    "rep_penalty": {"repetition_penalty": 1.1},
    "vad_short_silence": {"vad_parameters": {"min_silence_duration_ms": 500}},
    # Each labelled turn transcribed alone (an upper bound for cutting at the voice changes).
    "oracle_turns": {"_per_turn": True},
    # Whisper's weights in float32 instead of int8 (the shipped compute type).
    "float32": {"_compute": "float32"},
    "no_vad_beam8": {"vad_filter": False, "beam_size": 8},
    "no_vad_float32": {"vad_filter": False, "_compute": "float32"},
    # The recording scaled so its loudest 0.1% of samples sit at 0.5 (quiet phone recordings).
    "no_vad_loud": {"vad_filter": False, "_level": 0.5},
    # The recording played slower or faster (resampled, so the pitch moves too), the second
    # hearing's options otherwise: does another speed lose other syllables?
    "slow0.9_beam8": {"vad_filter": False, "beam_size": 8, "_speed": 0.9},
    "fast1.1_beam8": {"vad_filter": False, "beam_size": 8, "_speed": 1.1},
}


def _clean(text: str) -> str:
    return _DROP.sub("", text)


def cer_counts(ref: str, hyp: str) -> tuple[int, int]:
    """(edits, reference length) for one turn, on characters."""
    r, h = _clean(ref), _clean(hyp)
    prev = list(range(len(h) + 1))
    for i, rc in enumerate(r, 1):
        cur = [i] + [0] * len(h)
        for j, hc in enumerate(h, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (rc != hc))
        prev = cur
    return prev[-1], len(r)


def assign(turns: list[dict], words: list[tuple[float, float, str]]) -> tuple[list[str], int]:
    """Recognised text per labelled turn (each word to the turn nearest its centre), and the
    characters heard more than a second away from any turn (text made up from rings or music)."""
    out = [""] * len(turns)
    stray = 0
    for start, end, text in words:
        centre = (start + end) / 2
        best = min(range(len(turns)), key=lambda k: max(turns[k]["start"] - centre, centre - turns[k]["end"], 0))
        gap = max(turns[best]["start"] - centre, centre - turns[best]["end"], 0)
        if gap <= 1.0:
            out[best] += text
        else:
            stray += len(_clean(text))
    return out, stray


@functools.lru_cache(maxsize=2)
def _model(model_dir: str, compute: str):
    from faster_whisper import WhisperModel

    return WhisperModel(model_dir, device="cpu", compute_type=compute)


def run_variant(samples: np.ndarray, model_dir: Path, changes: dict,
                turns: list[dict]) -> list[tuple[float, float, str]]:
    changes = dict(changes)
    if changes.pop("_per_turn", False):
        words = []
        for turn in turns:
            lo = max(int((turn["start"] - 0.3) * audio.SAMPLE_RATE), 0)
            hi = int((turn["end"] + 0.3) * audio.SAMPLE_RATE)
            offset = lo / audio.SAMPLE_RATE
            words += [(s + offset, e + offset, t) for s, e, t in run_variant(samples[lo:hi], model_dir, changes, [])]
        return words
    compute = changes.pop("_compute", None)
    level = changes.pop("_level", None)
    speed = changes.pop("_speed", None)
    if speed:
        n = int(len(samples) / speed)
        samples = np.interp(np.linspace(0, len(samples) - 1, n), np.arange(len(samples)), samples).astype(np.float32)
    if level:
        peak = float(np.quantile(np.abs(samples), 0.999)) or 1.0
        samples = np.clip(samples * (level / peak), -1.0, 1.0).astype(np.float32)
    kwargs = whisper.TranscribeOptions().as_kwargs()
    kwargs.update(changes)
    model = whisper.load_model(str(model_dir)) if compute is None else _model(str(model_dir), compute)
    segs, _info = model.transcribe(samples, **kwargs)
    words = []
    for seg in segs:
        text = whisper.to_simplified(seg.text).strip()
        if whisper.is_phantom(text, seg.avg_logprob, seg.no_speech_prob):
            continue
        for w in seg.words or []:
            words.append((w.start * (speed or 1), w.end * (speed or 1), whisper.to_simplified(w.word)))
    return words


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="+", type=Path)
    ap.add_argument("--variants", default="shipped,beam8,no_vad,patience2,no_fallback")
    ap.add_argument("--limit", type=int, default=0, help="calls per corpus (0: all)")
    ap.add_argument("--show", action="store_true", help="print violation turns whose text differs")
    args = ap.parse_args(argv)
    names = args.variants.split(",")
    model_dir = models.default_model_dir()
    totals = {n: {"all": [0, 0], "viol": [0, 0], "secs": 0.0, "stray": 0} for n in names}
    for corpus in args.corpora:
        calls = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
        if args.limit:
            calls = calls[: args.limit]
        for call in calls:
            samples = audio.decode(corpus / call["file"]).samples
            turns = call["turns"]
            for name in names:
                t0 = time.perf_counter()
                words = run_variant(samples, model_dir, VARIANTS[name], turns)
                totals[name]["secs"] += time.perf_counter() - t0
                heard, stray = assign(turns, words)
                totals[name]["stray"] += stray
                for turn, hyp in zip(turns, heard, strict=True):
                    e, n = cer_counts(turn["text"], hyp)
                    totals[name]["all"][0] += e
                    totals[name]["all"][1] += n
                    if turn.get("label"):
                        totals[name]["viol"][0] += e
                        totals[name]["viol"][1] += n
                        if args.show and name != names[0] and e:
                            print(f"  {call['id']} {name}: {turn['text']} | {hyp}")
            print(f"{corpus.name}/{call['id']}: " + "  ".join(
                f"{n} {totals[n]['all'][0] / max(totals[n]['all'][1], 1):.3f}" for n in names), flush=True)
    base = totals[names[0]]
    print("\nvariant            CER all  CER violations  stray chars  time   (ratio to baseline)")
    for n in names:
        t = totals[n]
        a = t["all"][0] / max(t["all"][1], 1)
        v = t["viol"][0] / max(t["viol"][1], 1)
        ra = a / max(base["all"][0] / max(base["all"][1], 1), 1e-9)
        rt = t["secs"] / max(base["secs"], 1e-9)
        print(f"{n:18s} {a:.3f}    {v:.3f}           {t['stray']:5d}        {t['secs']:.0f}s"
              f"  (CER x{ra:.2f}, time x{rt:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
