"""`evidence serve` (the local review page) and `evidence flag add` (a flag the machine missed)."""

from __future__ import annotations

import click

from ..categories import IDS
from ..i18n import _
from . import cli


@cli.command()
@click.option("--port", type=int, default=8765, show_default=True, help="Port on this machine.")
@click.option("--host", default=None,
              help="Listen on another address than 127.0.0.1 (other machines can then reach the page).")
@click.option("--no-browser", is_flag=True, help="Print the address only; do not open a browser.")
def serve(port: int, host: str | None, no_browser: bool) -> None:
    """Open a page in the browser to listen to calls, review flags, correct and export.

    The page is only reachable from this machine, with the address printed at start
    (it carries a one-time key).

    \b
    Examples:
      evidence serve
      evidence serve --port 9000 --no-browser
    """
    from ..web.server import run

    if host is not None and host not in ("127.0.0.1", "localhost"):
        click.secho(_("Warning: listening on {host}: anyone who can reach this machine on port {port} and "
                      "has the address with its key can see your recordings.").format(host=host, port=port),
                    fg="yellow", err=True)
    run(host or "127.0.0.1", port, open_browser=not no_browser,
        announce=lambda url: click.echo(_("Open in your browser: {url}").format(url=url)))


@cli.group()
def flag() -> None:
    """Add flags the machine missed (a person's flags, kept across `evidence reflag`).

    \b
    Example:
      evidence flag add 3 --start 12.5 --end 14 --category threat --note "说要上门"
    """


@flag.command(name="add")
@click.argument("ref")
@click.option("--start", type=float, required=True, help="Start, in seconds from the start of the recording.")
@click.option("--end", type=float, required=True, help="End, in seconds from the start of the recording.")
@click.option("--category", type=click.Choice(IDS), required=True, help="What the words are.")
@click.option("--note", default=None, help="A note kept with the flag.")
def flag_add(ref: str, start: float, end: float, category: str, note: str | None) -> None:
    """Flag words in recording REF that the machine missed; it is marked as yours in reports.

    REF is the recording's number from `evidence list` or the start of its SHA-256.

    \b
    Example:
      evidence flag add 3 --start 12.5 --end 14 --category threat --note "说要上门"
    """
    from ..trust.manual_flags import add_manual_flag

    f = add_manual_flag(ref, start, end, category, note)
    click.echo(_("flag {id} added: {category} \"{text}\" {start:.1f}-{end:.1f} s (yours, confirmed)").format(
        id=f.id, category=category, text=f.text, start=f.start, end=f.end))
