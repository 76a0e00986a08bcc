"""Commands that file recordings: `ingest` and `watch`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import N_, _, ngettext
from . import cli


@cli.command(help=N_(
    "Transcribe recordings and file them as evidence (files or folders, recursively).\n"
    "\n"
    "\b\n"
    "Examples:\n"
    '  evidence ingest "通话录音@张三(13800138000)_20261103143022.mp3"\n'
    "  evidence ingest ~/CallRecordings/\n"
    '  evidence ingest call.m4a --caller 13800138000 --when "2026-11-03 14:30"'))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--model", default=None, help=N_("Model folder or Whisper size name (default: embedded base)."))
@click.option("--caller", default=None, help=N_("Caller number, when the file name does not carry it."))
@click.option("--when", "when_", default=None, help=N_("Call start, e.g. '2026-11-03 14:30', overriding the file."))
@click.option("--quiet", "-q", is_flag=True, help=N_("Print one line per recording: no transcript, no progress."))
def ingest(inputs: tuple[Path, ...], model: str | None, caller: str | None, when_: str | None,
           quiet: bool) -> None:
    from .. import paths, recordings
    from ..ingest import callmeta
    from ..ingest.filing import ingest_paths
    from ..progress import ProgressLine
    from ..reports import render_terminal as display

    overrides_caller = callmeta.parse_caller(caller) if caller else None
    overrides_when = callmeta.parse_when(when_) if when_ else None
    home = paths.resolve().home
    if not home.is_dir():
        click.echo(_("Creating the data folder {folder}").format(folder=home), err=True)
    progress = ProgressLine(enabled=not quiet and sys.stderr.isatty())  # a rewritten line is noise in a log

    def report(result) -> None:
        progress.clear()
        if result.status == "failed":
            click.secho(_("FAILED  {error}").format(error=result.error), fg="red", err=True)
            return
        if result.status == "duplicate":
            click.echo(_("already filed: {name} (same bytes as recording {id}, sha256 {sha}); nothing added").format(
                name=result.path.name, id=result.recording_id, sha=result.sha256[:12]))
            return
        rec = recordings.find(str(result.recording_id))
        if quiet:
            click.echo(display.summary_row(rec))
            return
        click.echo("\n".join(display.header(rec) + display.transcript(rec)))
        n = len(rec.flags)
        click.echo("  " + (ngettext("{n} flag", "{n} flags", n).format(n=n) if n else _("no flags")))

    results = ingest_paths(list(inputs), model=model, caller=overrides_caller, when=overrides_when,
                           on_result=report, on_file=lambda i, n, path: progress.start_file(i, n, path.name),
                           on_progress=progress.audio)
    filed = sum(r.status == "filed" for r in results)
    dupes = sum(r.status == "duplicate" for r in results)
    failed = [r for r in results if r.status == "failed"]
    if len(results) != 1 or failed:
        click.echo("\n" + _("{filed} filed, {dupes} already filed, {failed} failed").format(
            filed=filed, dupes=dupes, failed=len(failed)))
        for r in failed:
            click.echo(_("  failed: {error}").format(error=r.error), err=True)
    if not results:
        raise click.ClickException(_("no recordings found in {inputs}").format(inputs=", ".join(map(str, inputs))))
    if failed:
        sys.exit(1)


@cli.command(help=N_(
    "File recordings as they appear in a folder (default: the inbox in the data folder).\n"
    "\n"
    "Bad files go to rejected/ with a .txt giving the reason; nothing is deleted.\n"
    "\n"
    "\b\n"
    "Examples:\n"
    "  evidence watch\n"
    "  evidence watch ~/同步/CallRecordings --poll 5\n"
    "  evidence watch ~/CallRecordings --move-done"))
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--poll", type=float, default=None,
              help=N_("Check every SECONDS instead of using filesystem events (network or synced folders)."))
@click.option("--settle", type=float, default=2.0, show_default=True,
              help=N_("Seconds a file must stop changing before it is taken."))
@click.option("--move-done", is_flag=True, help=N_("Move filed originals into done/ (default: leave them)."))
@click.option("--model", default=None, help=N_("Model folder or Whisper size name (default: embedded base)."))
def watch(folder: Path | None, poll: float | None, settle: float, move_done: bool, model: str | None) -> None:
    from .. import paths as paths_mod
    from ..errors import NotFound
    from ..ingest.watch import Watcher, WatchOptions

    if folder is not None and not folder.expanduser().is_dir():
        # a typo must not quietly become a new, empty folder that is watched forever
        raise NotFound(_("{folder}: no such folder; check the path (create it first if it is new)").format(
            folder=folder))
    target = folder or paths_mod.resolve().ensure().inbox
    Watcher(WatchOptions(folder=target.expanduser(), poll=poll, settle=settle, move_done=move_done,
                         model=model), log=lambda line: click.echo(line)).run()
