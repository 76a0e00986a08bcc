"""Export Resemblyzer's speaker encoder to ONNX, once, so `evidence` runs it without torch.

Needs torch and resemblyzer only when run, in a separate environment:

    python3 -m venv /tmp/torchenv
    /tmp/torchenv/bin/pip install torch==2.13.0 resemblyzer==0.1.4 onnx onnxruntime
    /tmp/torchenv/bin/python tools/convert_speaker_encoder.py [--check AUDIO.wav ...]

Writes models/speaker-encoder/voice_encoder.onnx: input `mels` (batch, frames, 40) power mel
frames as Resemblyzer computes them, output `embeds` (batch, 256), ReLU'd and L2-normalised.
With --check it compares the ONNX model with torch on the given audio files (max abs diff), and
evidence's numpy mel features with Resemblyzer's librosa ones.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "models" / "speaker-encoder" / "voice_encoder.onnx"


def export(out: Path) -> None:
    import torch
    from resemblyzer import VoiceEncoder

    encoder = VoiceEncoder(device="cpu", verbose=False).eval()
    dummy = torch.zeros(2, 160, 40, dtype=torch.float32)
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        encoder, (dummy,), str(out), input_names=["mels"], output_names=["embeds"],
        dynamic_axes={"mels": {0: "batch", 1: "frames"}, "embeds": {0: "batch"}},
        opset_version=17, dynamo=False,
    )
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


def check(out: Path, files: list[Path]) -> float:
    """Largest difference between torch and ONNX embeddings (and between mel implementations)."""
    import numpy as np
    import onnxruntime as ort
    import torch
    from resemblyzer import VoiceEncoder, audio, preprocess_wav

    sys.path.insert(0, str(ROOT / "src"))
    from evidence.asr import speaker_encoder as ours

    encoder = VoiceEncoder(device="cpu", verbose=False).eval()
    sess = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    worst = 0.0
    for f in files:
        wav = preprocess_wav(f)
        mel_ref = audio.wav_to_mel_spectrogram(wav)
        mel_ours = ours.mel_frames(wav)
        mel_err = float(np.max(np.abs(mel_ref - mel_ours)) / max(float(np.max(mel_ref)), 1e-12))
        for frames in (160, 73):
            n = (len(mel_ref) // frames) * frames
            batch = mel_ref[:n].reshape(-1, frames, 40)[:8]
            with torch.no_grad():
                ref = encoder(torch.from_numpy(batch)).numpy()
            got = sess.run(None, {"mels": batch})[0]
            err = float(np.max(np.abs(ref - got)))
            worst = max(worst, err)
            print(f"{f.name}: frames={frames} batch={len(batch)} max|torch-onnx|={err:.2e}")
        emb_ref = encoder.embed_utterance(wav)
        emb_ours = ours.embed_utterance(wav)
        emb_err = float(np.max(np.abs(emb_ref - emb_ours)))
        worst = max(worst, emb_err)
        print(f"{f.name}: mel max rel diff={mel_err:.2e}  embed_utterance max diff={emb_err:.2e}")
    return worst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", type=Path, nargs="*", default=[], help="audio files to compare on")
    ap.add_argument("--no-export", action="store_true", help="only run the check")
    args = ap.parse_args()
    if not args.no_export:
        export(args.out)
    if args.check:
        worst = check(args.out, args.check)
        print(f"worst difference: {worst:.2e}")
        if worst > 1e-4:
            raise SystemExit("ONNX output differs from torch by more than 1e-4")


if __name__ == "__main__":
    main()
