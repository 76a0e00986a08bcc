"""The `evidence` command line: parses arguments, calls the core, formats output."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import EvidenceError


class EvidenceGroup(click.Group):
    """Turns domain errors into a one-line message and a non-zero exit; bugs keep their traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except EvidenceError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=EvidenceGroup)
@click.version_option(package_name="evidence")
def cli() -> None:
    """File debt-collection call recordings as evidence: transcribe, flag, report.

    Everything runs on this machine; nothing is sent anywhere.

    \b
    Examples:
      evidence ingest "通话录音@张三(13800138000)_20261103143022.mp3"
      evidence ingest ~/CallRecordings/
      evidence list
      evidence report --month 2026-11
    """


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
    from . import callmeta, display, recordings
    from .pipeline import ingest_paths

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


@cli.command(name="list")
def list_() -> None:
    """List filed recordings (and failed attempts) with their call time and flags.

    \b
    Example:
      evidence list
    """
    from . import display, recordings

    rows = recordings.all_recordings()
    if not rows:
        click.echo("no recordings filed yet; try: evidence ingest samples/")
        return
    for rec in rows:
        click.echo(display.summary_row(rec))


@cli.command()
@click.argument("ref")
def show(ref: str) -> None:
    """Print a filed recording: metadata, hashes, transcript with flagged words marked.

    REF is the recording's number from `evidence list` or the start of its SHA-256.

    \b
    Example:
      evidence show 501e5126
    """
    from . import display, recordings

    rec = recordings.find(ref)
    if rec.status != "done":
        click.echo(display.summary_row(rec))
        return
    click.echo("\n".join(display.header(rec)))
    click.echo(f"  stored   {rec.stored_path}")
    click.echo(f"  original {rec.original_path}")
    click.echo(f"  filed    {rec.ingested_at:%Y-%m-%d %H:%M:%S} with model {rec.model}")
    click.echo("\n".join(display.transcript(rec)))


@cli.command()
def paths() -> None:
    """Show where the database, evidence store, models and lexicons are.

    Set EVIDENCE_HOME to keep the data somewhere else.

    \b
    Example:
      EVIDENCE_HOME=/mnt/usb/evidence evidence paths
    """
    from . import paths as paths_mod

    p = paths_mod.resolve()
    for label, value in [("data folder", p.home), ("database", p.database), ("store", p.store),
                         ("clips", p.clips), ("inbox", p.inbox), ("models", p.models),
                         ("lexicons", p.lexicons), ("migrations", p.migrations)]:
        click.echo(f"{label:12s} {value}")


@cli.group(invoke_without_command=True)
@click.pass_context
def models(ctx: click.Context) -> None:
    """List Whisper models; `evidence models pull NAME` downloads one (the only network use).

    \b
    Examples:
      evidence models
      evidence models pull small
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(models_list)


@models.command(name="list")
def models_list() -> None:
    """List the models on this machine and which one is the default.

    \b
    Example:
      evidence models list
    """
    from .whisper_models import list_models

    for m in list_models():
        mark = "*" if m.default else " "
        state = "ready" if m.installed else "-"
        click.echo(f"{mark} {m.name:10s} {state:6s} {m.note}" + (f"  [{m.path}]" if m.path else ""))
    click.echo("* default")


@models.command()
@click.argument("name")
def pull(name: str) -> None:
    """Download a Whisper model by size name from the Hugging Face hub (uses the network).

    \b
    Example:
      evidence models pull small
    """
    from .whisper_models import pull as do_pull

    click.echo(f"downloading model '{name}' (this uses the network) ...")
    target = do_pull(name)
    click.echo(f"model '{name}' ready in {target}; use it with --model {name}")


def main() -> None:
    cli(prog_name="evidence")


if __name__ == "__main__":
    main()
