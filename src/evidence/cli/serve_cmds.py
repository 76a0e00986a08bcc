"""`evidence serve` (the local review page) and `evidence flag add` (a flag the machine missed)."""

from __future__ import annotations

import click

from ..categories import IDS
from ..i18n import N_, _
from . import cli


@cli.command(help=N_(
    "Open a page in the browser to listen to calls, review flags, correct and export.\n"
    "\n"
    "The page is only reachable from this machine, with the address printed at start (it carries "
    "a one-time key).\n"
    "\n"
    "\b\n"
    "Examples:\n"
    "  evidence serve\n"
    "  evidence serve --port 9000 --no-browser"))
@click.option("--port", type=int, default=8765, show_default=True, help=N_("Port on this machine."))
@click.option("--host", default=None,
              help=N_("Listen on another address than 127.0.0.1 (other machines can then reach the page)."))
@click.option("--no-browser", is_flag=True, help=N_("Print the address only; do not open a browser."))
def serve(port: int, host: str | None, no_browser: bool) -> None:
    from ..web.server import run

    if host is not None and host not in ("127.0.0.1", "localhost"):
        click.secho(_("Warning: listening on {host}: anyone who can reach this machine on port {port} and "
                      "has the address with its key can see your recordings.").format(host=host, port=port),
                    fg="yellow", err=True)
    run(host or "127.0.0.1", port, open_browser=not no_browser,
        announce=lambda url: click.echo(_("Open in your browser: {url}").format(url=url)))


@cli.group(help=N_(
    "Add flags the machine missed (a person's flags, kept across `evidence reflag`).\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence flag add 3 --start 12.5 --end 14 --category threat --note \"说要上门\""))
def flag() -> None:
    pass


@flag.command(name="add", help=N_(
    "Flag words in recording REF that the machine missed; it is marked as yours in reports.\n"
    "\n"
    "REF is the recording's number from `evidence list` or the start of its SHA-256.\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence flag add 3 --start 12.5 --end 14 --category threat --note \"说要上门\""))
@click.argument("ref")
@click.option("--start", type=float, required=True, help=N_("Start, in seconds from the start of the recording."))
@click.option("--end", type=float, required=True, help=N_("End, in seconds from the start of the recording."))
@click.option("--category", type=click.Choice(IDS), required=True, help=N_("What the words are."))
@click.option("--note", default=None, help=N_("A note kept with the flag."))
def flag_add(ref: str, start: float, end: float, category: str, note: str | None) -> None:
    from ..trust.manual_flags import add_manual_flag

    f = add_manual_flag(ref, start, end, category, note)
    click.echo(_("flag {id} added: {category} \"{text}\" {start:.1f}-{end:.1f} s (yours, confirmed)").format(
        id=f.id, category=category, text=f.text, start=f.start, end=f.end))
