"""Audio for the player: the stored original, read-only, with HTTP range requests (206).

The file is found by the recording's id in the database and must lie inside the evidence store;
nothing in the request names a path. Formats browsers cannot play (AMR, 3GP) are played from a
converted copy kept beside the clips; the original is never touched.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse

from .. import paths
from ..i18n import _
from . import queries

PLAYABLE = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg",
            ".opus": "audio/ogg", ".flac": "audio/flac", ".m4a": "audio/mp4", ".aac": "audio/aac",
            ".webm": "audio/webm"}


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _playable_copy(original: Path, store: Path) -> Path:
    """A browser-playable MP3 of an original the browser cannot decode, made once and kept."""
    import imageio_ffmpeg

    target = paths.resolve().clips / "play" / f"{original.stem}.mp3"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part.mp3")
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", "-i", str(original),
                    "-ac", "1", "-b:a", "64k", str(tmp)], check=True, timeout=300)
    tmp.replace(target)
    return target


def audio(request: Request) -> FileResponse:
    """GET /audio/{id}: the recording's audio; Range requests get 206 Partial Content."""
    found = queries.stored_audio(request.path_params["recording_id"])
    if found is None:
        raise HTTPException(404, _("No audio for this recording."))
    where = paths.resolve()
    store = where.store
    original = where.original(found[0])
    if not _inside(original, store) or not original.is_file():
        raise HTTPException(404, _("The stored original is missing; run `evidence verify`."))
    suffix = original.suffix.lower()
    if suffix in PLAYABLE:
        return FileResponse(original, media_type=PLAYABLE[suffix], content_disposition_type="inline")
    copy = _playable_copy(original, store)
    return FileResponse(copy, media_type="audio/mpeg", content_disposition_type="inline")
