"""Commands that look at what is filed: `list`, `show`, `paths`."""

from __future__ import annotations

import click

from . import cli


@cli.command(name="list")
def list_() -> None:
    """List filed recordings (and failed attempts) with their call time and flags.

    \b
    Example:
      evidence list
    """
    from .. import recordings
    from ..reports import render_terminal as display

    rows = recordings.summaries()
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
    from .. import recordings
    from ..reports import render_terminal as display

    rec = recordings.find(ref)
    if rec.status != "done":
        click.echo(display.summary_row(rec))
        return
    click.echo("\n".join(display.header(rec)))
    click.echo(f"  stored   {rec.stored_path}")
    click.echo(f"  original {rec.original_path}")
    click.echo(f"  filed    {rec.ingested_at:%Y-%m-%d %H:%M:%S} with model {rec.model}")
    entries, states = recordings.history(rec)
    for e in entries:
        click.echo(f"  log      #{e.seq} {e.action} {e.at:%Y-%m-%d %H:%M:%S} {e.entry_sha256[:16]}")
    click.echo("\n".join(display.transcript(rec, review_states=states)))


@cli.command()
def paths() -> None:
    """Show where the database, evidence store, models and lexicons are.

    Set EVIDENCE_HOME to keep the data somewhere else.

    \b
    Example:
      EVIDENCE_HOME=/mnt/usb/evidence evidence paths
    """
    from .. import paths as paths_mod

    p = paths_mod.resolve()
    for label, value in [("data folder", p.home), ("database", p.database), ("store", p.store),
                         ("clips", p.clips), ("inbox", p.inbox), ("models", p.models),
                         ("lexicons", p.lexicons), ("migrations", p.migrations)]:
        click.echo(f"{label:12s} {value}")
