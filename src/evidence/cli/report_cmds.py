"""`evidence report`: the monthly report and the evidence packet."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import _
from ..reports import FORMATS
from . import cli


@cli.command()
@click.option("--month", "month_", is_flag=False, flag_value="", default=None,
              help="Month as YYYY-MM; alone, the current month (the default period).")
@click.option("--from", "from_", default=None, help="First day, YYYY-MM-DD (instead of --month).")
@click.option("--to", "to_", default=None, help="Last day, YYYY-MM-DD (instead of --month).")
@click.option("--caller", default=None, help="Only calls from this number.")
@click.option("--format", "fmt", metavar="[" + "|".join(FORMATS) + "]", default="terminal", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Write to this file instead of the terminal.")
@click.option("--out", "packet", type=click.Path(path_type=Path), default=None,
              help="Write the whole evidence packet (reports, clips, manifest) into this folder.")
@click.option("--confirmed", is_flag=True, help="Only flags confirmed with `evidence review`.")
@click.option("--include-dismissed", is_flag=True,
              help=_("Also show flags dismissed with `evidence review` (marked as dismissed)."))
def report(month_: str | None, from_: str | None, to_: str | None, caller: str | None, fmt: str,
           output: Path | None, packet: Path | None, confirmed: bool, include_dismissed: bool) -> None:
    """The monthly report a complaint is built on.

    \b
    Examples:
      evidence report --month
      evidence report --month 2026-10 --format json --output 2026-10.json
      evidence report --month 2026-10 --format html --output 十月.html
      evidence report --month 2026-10 --out ~/投诉材料/2026-10/
    """
    from ..errors import BadArgument
    from ..ingest import callmeta
    from ..reports import data as report_data
    from ..reports import get_format, periods
    from ..reports import render as report_render
    from ..reports.export_log import log_export, write_report

    get_format(fmt)  # an unknown format is an error before any work
    if month_ is not None and (from_ or to_):
        raise BadArgument("give either --month or --from/--to, not both")
    period = periods.between(from_, to_) if (from_ or to_) else periods.month(month_ or None)
    number = callmeta.parse_caller(caller) if caller else None

    data = report_data.build(period, caller=number, confirmed_only=confirmed,
                             include_dismissed=include_dismissed)
    if packet is not None:
        from ..reports.packet import write_packet

        manifest = write_packet(data, packet)
        log_export(data, str(packet), manifest)
        click.echo(f"evidence packet written to {packet} ({len(manifest)} files, see MANIFEST.sha256)")
        return
    text = report_render.render(data, fmt)
    if output is not None:
        write_report(data, text, output)
        click.echo(f"{fmt} report for {period.label} written to {output}")
    else:
        click.echo(text, nl=not text.endswith("\n"))

