"""Commands that look at what is filed: `list`, `show`, `paths`."""

from __future__ import annotations

import click

from ..i18n import N_, _
from . import cli


@cli.command(name="list", help=N_(
    "List filed recordings (and failed attempts) with their call time, caller, contact and flags.\n"
    "\n"
    "Calls outside 08:00-22:00 are marked as night calls.\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence list"))
def list_() -> None:
    from .. import paths, recordings
    from ..reports import render_terminal as display

    paths.existing()
    rows = recordings.summaries()
    if not rows:
        click.echo(_("No recordings filed yet; try: evidence ingest ~/CallRecordings/"))
        return
    click.echo(display.list_heading())
    for rec in rows:
        click.echo(display.summary_row(rec))


@cli.command(help=N_(
    "Print a filed recording: metadata, hashes, transcript with flagged words marked.\n"
    "\n"
    "REF is the recording's number from `evidence list`, the start of its SHA-256, the caller's\n"
    "phone number or part of the file name; when several recordings match, they are listed.\n"
    "\n"
    "\b\n"
    "Examples:\n"
    "  evidence show 12\n"
    "  evidence show 501e5126\n"
    "  evidence show 13800138000"))
@click.argument("ref")
def show(ref: str) -> None:
    from .. import paths, recordings
    from ..reports import render_terminal as display

    paths.existing()
    found = recordings.search(ref)
    if len(found) > 1:
        click.echo(_("{n} recordings match '{ref}':").format(n=len(found), ref=ref))
        for rec in found:
            click.echo(display.summary_row(rec))
        click.echo(_("Show one with its number, e.g. evidence show {id}").format(id=found[0].id))
        return
    rec = recordings.find(str(found[0].id))
    if rec.status != "done":
        click.echo(display.summary_row(rec))
        return
    click.echo("\n".join(display.header(rec)))
    from .. import paths as paths_mod

    click.echo(_("  stored   {path}").format(path=paths_mod.resolve().original(rec.stored_path)))
    click.echo(_("  original {path}").format(path=rec.original_path))
    click.echo(_("  filed    {when} with model {model}").format(when=f"{rec.ingested_at:%Y-%m-%d %H:%M:%S}",
                                                               model=rec.model))
    entries, states = recordings.history(rec)
    for e in entries:
        click.echo(_("  log      #{seq} {action} {when} {sha}").format(
            seq=e.seq, action=e.action, when=f"{e.at:%Y-%m-%d %H:%M:%S}", sha=e.entry_sha256[:16]))
    click.echo("\n".join(display.transcript(rec, review_states=states)))


PATH_LABELS = (("home", N_("data folder")), ("database", N_("database")), ("store", N_("store")),
               ("clips", N_("clips")), ("inbox", N_("inbox")), ("models", N_("models")),
               ("lexicons", N_("lexicons")), ("migrations", N_("migrations")), ("cache", N_("cache")))


@cli.command(help=N_(
    "Show where the database, evidence store, models and lexicons are.\n"
    "\n"
    "Set EVIDENCE_HOME to keep the data somewhere else.\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  EVIDENCE_HOME=/mnt/usb/evidence evidence paths"))
def paths() -> None:
    from ..paths import resolve
    from ..reports.render_terminal import pad

    p = resolve()
    for attr, label in PATH_LABELS:
        value = getattr(p, attr)
        missing = "" if value.exists() else "  " + _("(does not exist yet)")
        click.echo(f"{pad(_(label), 12)} {value}{missing}")
