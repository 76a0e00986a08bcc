"""Who is talking, from the words alone: a logistic regression over character n-grams that reads a
turn and says how much it sounds like the collector (positive) or the other party (negative).

The hand-written cues in speaker_roles.py decide which voice is the collector in most calls; they
miss when a writer's collector and debtor talk unlike the cues (a debtor quoting threats, a relative
answering 这里是人事部, a collector who never says 您). Trained on the scripted turns and on what
Whisper heard in their renderings (bench/train_speaker_roles.py, models/speaker-roles/), the model
overrides the cues only when the two voices' words disagree with them by a wide margin.
Reads the weights with numpy; shares the n-gram features of the second opinion.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from ..flagging.second_opinion import load_weights, ngram_matrix
from ..paths import shipped_model

MODEL_FILES = ("weights.npz", "meta.json")
CLIP = 3.0  # a turn counts at most this much (log-odds) either way: one loud turn does not decide a call


def model_dir() -> Path:
    """EVIDENCE_SPEAKER_ROLES_MODEL, the checkout's models/speaker-roles, or the wheel's copy."""
    return shipped_model("speaker-roles", MODEL_FILES[0], "EVIDENCE_SPEAKER_ROLES_MODEL")


class RoleModel:
    def __init__(self, folder: Path):
        _meta, self.vocab, self.idf, self.coef, intercept = load_weights(folder)
        self.intercept = float(intercept)
        if self.coef.shape != (len(self.vocab),) or self.idf.shape != self.coef.shape:
            raise ValueError(f"{folder}: weights do not fit the vocabulary")

    def logits(self, texts: list[str]) -> np.ndarray:
        """Per text, the log-odds that the collector said it."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        return ngram_matrix(texts, self.vocab, self.idf) @ self.coef + self.intercept


@lru_cache(maxsize=2)
def _load(folder: str) -> RoleModel | None:
    try:
        return RoleModel(Path(folder))
    except (OSError, ValueError, KeyError):
        return None  # the cues alone decide, as before the model


def role_model() -> RoleModel | None:
    return _load(str(model_dir()))


def margin(turns_of_voice: tuple[list[str], list[str]], model: RoleModel | None = None) -> float:
    """Collector-likeness of voice 0's turns minus voice 1's: each turn's log-odds clipped to ±CLIP
    and summed (by `model`, else the shipped one). 0.0 without a model."""
    model = model or role_model()
    if model is None:
        return 0.0
    total = 0.0
    for sign, texts in zip((1.0, -1.0), turns_of_voice, strict=True):
        texts = [t for t in texts if t.strip()]
        total += sign * float(np.clip(model.logits(texts), -CLIP, CLIP).sum()) if texts else 0.0
    return total
