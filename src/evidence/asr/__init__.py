"""Speech recognition behind one seam: a Transcriber turns 16 kHz mono samples into the
`Segment`/`Word` dataclasses of asr.whisper, and BACKENDS names the ones available.

faster-whisper is registered here the same way any other backend would be; backends are named as
"module:factory" and imported on first use, so nothing heavy loads until a recording is filed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import BadArgument
from ..i18n import _

if TYPE_CHECKING:
    import numpy as np

    from .whisper import Segment, TranscribeOptions

DEFAULT_BACKEND = "faster-whisper"


class Transcriber(Protocol):
    """What ingest needs from a speech recogniser."""

    def transcribe(self, samples: np.ndarray, model_dir: Path, options: TranscribeOptions | None = None,
                   on_progress: Callable[[float], None] | None = None) -> Iterator[Segment]:
        """Yield cleaned segments with word timings; on_progress gets each segment's end time."""
        ...


# name -> "module:factory"; the factory returns a Transcriber.
BACKENDS: dict[str, str | Callable[[], Transcriber]] = {
    DEFAULT_BACKEND: "evidence.asr.whisper:FasterWhisper",
}


def register_backend(name: str, factory: str | Callable[[], Transcriber]) -> None:
    """Add a transcription backend (the built-in one is registered above, the same way)."""
    BACKENDS[name] = factory


def transcriber(name: str = DEFAULT_BACKEND) -> Transcriber:
    """The backend called name; an unknown name is a one-line user error."""
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise BadArgument(_("unknown transcription backend '{name}'; choose one of: {value}").format(
            name=name, value=', '.join(BACKENDS))) from None
    if isinstance(factory, str):
        module, _sep, attr = factory.partition(":")
        factory = getattr(import_module(module), attr)
    return factory()
