"""`evidence report`: the monthly report and the evidence packet."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import N_, _
from ..reports import FORMATS
from . import cli


@cli.command(help=N_(
    "The monthly report a complaint is built on.\n"
    "\n"
    "\b\n"
    "Examples:\n"
    "  evidence report --month\n"
    "  evidence report --month 2026-10 --format json --output 2026-10.json\n"
    "  evidence report --month 2026-10 --format html --output 十月.html\n"
    "  evidence report --month 2026-10 --out ~/投诉材料/2026-10/\n"
    "  evidence report --caller 13800138000"))
@click.option("--month", "month_", is_flag=False, flag_value="", default=None,
              help=N_("Month as YYYY-MM; alone, the current month (the default period)."))
@click.option("--from", "from_", default=None, help=N_("First day, YYYY-MM-DD (instead of --month)."))
@click.option("--to", "to_", default=None, help=N_("Last day, YYYY-MM-DD (instead of --month)."))
@click.option("--caller", default=None, help=N_("Only calls from this number (all dates unless a period is given)."))
@click.option("--format", "fmt", metavar="[" + "|".join(FORMATS) + "]", default="terminal", show_default=True,
              help=N_("Output format."))
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help=N_("Write to this file instead of the terminal."))
@click.option("--out", "packet", type=click.Path(path_type=Path), default=None,
              help=N_("Write the whole evidence packet (reports, clips, manifest) into this folder."))
@click.option("--confirmed", is_flag=True, help=N_("Only flags confirmed with `evidence review`."))
@click.option("--include-dismissed", is_flag=True,
              help=N_("Also show flags dismissed with `evidence review` (marked as dismissed)."))
def report(month_: str | None, from_: str | None, to_: str | None, caller: str | None, fmt: str,
           output: Path | None, packet: Path | None, confirmed: bool, include_dismissed: bool) -> None:
    from .. import paths, recordings
    from ..errors import BadArgument
    from ..ingest import callmeta
    from ..reports import data as report_data
    from ..reports import get_format, periods
    from ..reports import render as report_render
    from ..reports.export_log import log_export, write_report

    get_format(fmt)  # an unknown format is an error before any work
    if month_ is not None and (from_ or to_):
        raise BadArgument(_("give either --month or --from/--to, not both"))
    number = callmeta.parse_caller(caller) if caller else None
    if from_ or to_:
        period = periods.between(from_, to_)
    elif number is not None and month_ is None:
        period = periods.all_dates()  # one caller's calls: all of them unless a period is asked for
    else:
        period = periods.month(month_ or None)
    paths.existing()

    data = report_data.build(period, caller=number, confirmed_only=confirmed,
                             include_dismissed=include_dismissed)
    if not data.calls:
        months = recordings.months_with_calls()
        click.echo(_("No calls in {period}.").format(period=period.label) + " " + (
            _("Months with calls: {months}").format(months=", ".join(f"{m} ({n})" for m, n in months))
            if months else _("Nothing is filed yet.")), err=True)
    if packet is not None:
        from ..reports.packet import write_packet

        manifest = write_packet(data, packet)
        log_export(data, str(packet), manifest)
        click.echo(_("Evidence packet written to {folder} ({n} files, see MANIFEST.sha256)").format(
            folder=packet, n=len(manifest)))
        return
    text = report_render.render(data, fmt)
    if output is not None:
        write_report(data, text, output)
        click.echo(_("{format} report for {period} written to {file}").format(
            format=fmt, period=period.label, file=output))
    else:
        click.echo(text, nl=not text.endswith("\n"))

