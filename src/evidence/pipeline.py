"""Batch ingest with progress: the layer the CLI and the watcher share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from .ingest import IngestResult, Overrides, expand, ingest_file


def ingest_paths(
    inputs: list[Path],
    *,
    model: str | None = None,
    caller: str | None = None,
    when: dt.datetime | None = None,
    on_result: Callable[[IngestResult], None] | None = None,
    show_progress: bool = True,
) -> list[IngestResult]:
    """Ingest every recording under inputs, going on past bad files."""
    from tqdm import tqdm

    from .flagging import flag_new_recording

    files = list(expand(inputs))
    results = []
    for i, path in enumerate(files, 1):
        bar = None

        def progress(t: float, total: float, _path=path, _i=i) -> None:
            nonlocal bar
            if not show_progress:
                return
            if bar is None:
                bar = tqdm(total=round(total, 1), unit="s audio", leave=False, dynamic_ncols=True,
                           desc=f"[{_i}/{len(files)}] {_path.name[:40]}", disable=None)
            bar.update(round(min(t, total) - bar.n, 1))

        result = ingest_file(path, model=model, overrides=Overrides(caller=caller, when=when),
                             on_progress=progress, on_saved=flag_new_recording)
        if bar is not None:
            bar.close()
        results.append(result)
        if on_result:
            on_result(result)
    return results
