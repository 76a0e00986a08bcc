"""Speaker embeddings without torch: Resemblyzer's voice encoder, run by onnxruntime.

The encoder (3-layer LSTM, linear, ReLU, L2 norm; Apache-2.0, from Resemblyzer 0.1.4) was exported
to ONNX once by tools/convert_speaker_encoder.py and ships in models/speaker-encoder/. Its input
features are Resemblyzer's: power (not log) mel frames, 16 kHz, 25 ms Hann window, 10 ms hop,
40 Slaney mel bands, computed here with numpy exactly as librosa does it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16_000
N_FFT = 400  # 25 ms
HOP = 160  # 10 ms
N_MELS = 40
PARTIAL_FRAMES = 160  # 1.6 s, the window Resemblyzer was trained on
EMBED_DIM = 256
TARGET_DBFS = -30.0
_INT16_MAX = 2**15 - 1
MODEL_FILE = "voice_encoder.onnx"


def model_path() -> Path:
    """The shipped ONNX file: EVIDENCE_SPEAKER_MODEL, the checkout's models/, or the wheel's copy."""
    env = os.environ.get("EVIDENCE_SPEAKER_MODEL")
    if env:
        return Path(env).expanduser()
    package = Path(__file__).resolve().parents[1]
    in_checkout = package.parent.parent / "models" / "speaker-encoder" / MODEL_FILE
    if in_checkout.is_file():
        return in_checkout
    return package / "_bundled" / "speaker-encoder" / MODEL_FILE


def _hz_to_mel(f: np.ndarray) -> np.ndarray:
    """Slaney's mel scale (librosa's default): linear below 1 kHz, logarithmic above."""
    f = np.asarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_mel = 1000.0 / f_sp
    logstep = np.log(6.4) / 27.0
    safe = np.maximum(f, 1000.0)
    return np.where(f >= 1000.0, min_log_mel + np.log(safe / 1000.0) / logstep, f / f_sp)


def _mel_to_hz(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_mel = 1000.0 / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, 1000.0 * np.exp(logstep * (m - min_log_mel)), f_sp * m)


@lru_cache(maxsize=1)
def mel_filterbank() -> np.ndarray:
    """librosa.filters.mel(sr=16000, n_fft=400, n_mels=40), Slaney-normalised, float32."""
    fft_freqs = np.fft.rfftfreq(N_FFT, d=1.0 / SAMPLE_RATE)
    mel_f = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(SAMPLE_RATE / 2), N_MELS + 2))
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fft_freqs)
    weights = np.zeros((N_MELS, len(fft_freqs)), dtype=np.float32)
    for i in range(N_MELS):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2:N_MELS + 2] - mel_f[:N_MELS]))[:, None]
    return weights


@lru_cache(maxsize=1)
def _window() -> np.ndarray:
    n = np.arange(N_FFT)
    return (0.5 - 0.5 * np.cos(2 * np.pi * n / N_FFT)).astype(np.float32)  # periodic Hann


def mel_frames(wav: np.ndarray) -> np.ndarray:
    """Power mel spectrogram, shape (frames, 40), as Resemblyzer's wav_to_mel_spectrogram."""
    y = np.asarray(wav, dtype=np.float32)
    y = np.pad(y, (N_FFT // 2, N_FFT // 2), mode="constant")  # librosa: center=True, zero pad
    n_frames = 1 + (len(y) - N_FFT) // HOP
    if n_frames <= 0:
        return np.zeros((0, N_MELS), dtype=np.float32)
    frames = np.lib.stride_tricks.as_strided(
        y, shape=(n_frames, N_FFT), strides=(y.strides[0] * HOP, y.strides[0]), writeable=False)
    spec = np.fft.rfft(frames * _window(), axis=1)
    power = (spec.real**2 + spec.imag**2).astype(np.float32)
    return (power @ mel_filterbank().T).astype(np.float32)


def normalize_volume(wav: np.ndarray, target_dbfs: float = TARGET_DBFS) -> np.ndarray:
    """Raise quiet audio to target_dbfs (never lowers it), as Resemblyzer's preprocessing does."""
    wav = np.asarray(wav, dtype=np.float32)
    rms = float(np.sqrt(np.mean((wav.astype(np.float64) * _INT16_MAX) ** 2))) if len(wav) else 0.0
    if rms <= 0:
        return wav
    change = target_dbfs - 20 * np.log10(rms / _INT16_MAX)
    if change < 0:
        return wav
    return (wav * (10 ** (change / 20))).astype(np.float32)


@lru_cache(maxsize=1)
def _session():
    """One onnxruntime session per process, created on first use."""
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    import onnxruntime as ort

    path = model_path()
    if not path.is_file():
        from ..errors import EvidenceError
        from ..i18n import _

        raise EvidenceError(_("The speaker model is missing: {path}; reinstall evidence").format(path=path))
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = min(4, os.cpu_count() or 1)
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


def embed_mels(batch: np.ndarray) -> np.ndarray:
    """Embeddings (batch, 256) for a batch of equal-length mel windows (batch, frames, 40)."""
    batch = np.ascontiguousarray(batch, dtype=np.float32)
    if batch.ndim != 3 or batch.shape[0] == 0:
        return np.zeros((0, EMBED_DIM), dtype=np.float32)
    return _session().run(None, {"mels": batch})[0]


def partial_slices(n_samples: int, rate: float = 1.3, min_coverage: float = 0.75) -> list[slice]:
    """Resemblyzer's 1.6 s partial windows (as mel-frame slices) covering n_samples."""
    n_frames = int(np.ceil((n_samples + 1) / HOP))
    step = int(np.round((SAMPLE_RATE / rate) / HOP))
    steps = max(1, n_frames - PARTIAL_FRAMES + step + 1)
    slices = [slice(i, i + PARTIAL_FRAMES) for i in range(0, steps, step)]
    last = slices[-1]
    coverage = (n_samples - last.start * HOP) / (PARTIAL_FRAMES * HOP)
    if coverage < min_coverage and len(slices) > 1:
        slices = slices[:-1]
    return slices


def embed_utterance(wav: np.ndarray, rate: float = 1.3, min_coverage: float = 0.75) -> np.ndarray:
    """Resemblyzer's embed_utterance: the L2-normed mean of its partial-window embeddings."""
    slices = partial_slices(len(wav), rate, min_coverage)
    need = slices[-1].stop * HOP
    if need >= len(wav):
        wav = np.pad(wav, (0, need - len(wav)), mode="constant")
    mel = mel_frames(wav)
    partials = embed_mels(np.stack([mel[s] for s in slices]))
    mean = partials.mean(axis=0)
    return mean / np.linalg.norm(mean)
