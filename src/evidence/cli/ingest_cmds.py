"""Commands that file recordings: `ingest` and `watch`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import cli


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--model", default=None, help="Model folder or Whisper size name (default: embedded base).")
@click.option("--caller", default=None, help="Caller number, when the file name does not carry it.")
@click.option("--when", "when_", default=None, help="Call start, e.g. '2026-11-03 14:30', overriding the file.")
@click.option("--quiet", "-q", is_flag=True, help="Print one line per recording, not the transcript.")
def ingest(inputs: tuple[Path, ...], model: str | None, caller: str | None, when_: str | None,
           quiet: bool) -> None:
    """Transcribe recordings and file them as evidence (files or folders, recursively).

    \b
    Examples:
      evidence ingest "通话录音@张三(13800138000)_20261103143022.mp3"
      evidence ingest ~/CallRecordings/
      evidence ingest call.m4a --caller 13800138000 --when "2026-11-03 14:30"
    """
    from .. import recordings
    from ..ingest import callmeta
    from ..ingest.filing import ingest_paths
    from ..reports import render_terminal as display

    overrides_caller = callmeta.parse_caller(caller) if caller else None
    overrides_when = callmeta.parse_when(when_) if when_ else None

    def report(result) -> None:
        if result.status == "failed":
            click.secho(f"FAILED  {result.error}", fg="red", err=True)
            return
        if result.status == "duplicate":
            click.echo(f"already filed: {result.path.name} (same bytes as recording "
                       f"{result.recording_id}, sha256 {result.sha256[:12]}); nothing added")
            return
        rec = recordings.find(str(result.recording_id))
        if quiet:
            click.echo(display.summary_row(rec))
            return
        click.echo("\n".join(display.header(rec) + display.transcript(rec)))
        flags = len(rec.flags)
        click.echo(f"  {flags} flag{'s' if flags != 1 else ''}" if flags else "  no flags")

    results = ingest_paths(list(inputs), model=model, caller=overrides_caller, when=overrides_when,
                           on_result=report)
    filed = sum(r.status == "filed" for r in results)
    dupes = sum(r.status == "duplicate" for r in results)
    failed = [r for r in results if r.status == "failed"]
    if len(results) != 1 or failed:
        click.echo(f"\n{filed} filed, {dupes} already filed, {len(failed)} failed")
        for r in failed:
            click.echo(f"  failed: {r.error}", err=True)
    if not results:
        raise click.ClickException("no recordings found in " + ", ".join(map(str, inputs)))
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--poll", type=float, default=None,
              help="Check every SECONDS instead of using filesystem events (network or synced folders).")
@click.option("--settle", type=float, default=2.0, show_default=True,
              help="Seconds a file must stop changing before it is taken.")
@click.option("--move-done", is_flag=True, help="Move filed originals into done/ (default: leave them).")
@click.option("--model", default=None, help="Model folder or Whisper size name (default: embedded base).")
def watch(folder: Path | None, poll: float | None, settle: float, move_done: bool, model: str | None) -> None:
    """File recordings as they appear in a folder (default: the inbox in the data folder).

    Bad files go to rejected/ with a .txt giving the reason; nothing is deleted.

    \b
    Examples:
      evidence watch
      evidence watch ~/同步/CallRecordings --poll 5
      evidence watch ~/CallRecordings --move-done
    """
    from .. import paths as paths_mod
    from ..ingest.watch import Watcher, WatchOptions

    target = folder or paths_mod.resolve().ensure().inbox
    Watcher(WatchOptions(folder=target.expanduser(), poll=poll, settle=settle, move_done=move_done,
                         model=model), log=lambda line: click.echo(line)).run()
