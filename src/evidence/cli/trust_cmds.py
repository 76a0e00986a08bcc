"""Commands that keep the evidence trustworthy: `verify`, `review`, `forget`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import cli


@cli.command()
@click.option("--packet", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Check a report packet folder against its manifest instead of the store.")
def verify(packet: Path | None) -> None:
    """Check that nothing was altered: originals, the hash-chained log, and the rows it covers.

    Exits 0 only when everything matches; otherwise says exactly what differs.

    \b
    Examples:
      evidence verify
      evidence verify --packet ~/投诉材料/2026-10/
    """
    from ..trust.verify import verify_packet, verify_store

    result = verify_packet(packet) if packet else verify_store()
    for problem in result.problems:
        click.secho(f"DIFFERS  {problem}", fg="red")
    checked = ", ".join(f"{n} {what}" for what, n in result.checked.items())
    if result.ok:
        click.echo(f"OK: everything matches ({checked})")
        return
    click.echo(f"{len(result.problems)} problem(s) found ({checked})", err=True)
    sys.exit(1)


@cli.command()
@click.option("--month", "month_", default=None, help="Only calls in this month (YYYY-MM).")
@click.option("--category", type=click.Choice(["threat", "insult", "third_party", "identity_refusal"]),
              default=None, help="Only this category.")
@click.option("--flag", "flag_id", type=int, default=None, help="Decide one flag by its number, without prompts.")
@click.option("--confirm", "decision", flag_value="confirmed", default=None, help="With --flag: confirm it.")
@click.option("--dismiss", "decision", flag_value="dismissed", help="With --flag: dismiss it.")
@click.option("--note", default=None, help="With --flag: a note kept with the decision.")
def review(month_: str | None, category: str | None, flag_id: int | None, decision: str | None,
           note: str | None) -> None:
    """Walk unreviewed flags one by one: confirm real ones, dismiss false ones.

    Dismissed flags stay in the database and the log; reports mark each flag's state and
    `evidence report --confirmed` keeps only confirmed ones.

    \b
    Examples:
      evidence review --month 2026-11
      evidence review --category threat
      evidence review --flag 12 --dismiss --note "debtor's own words"
    """
    from ..errors import BadArgument
    from ..reports import periods
    from ..reports import render_terminal as display
    from ..trust import review as review_mod

    if flag_id is not None:
        if decision is None:
            raise BadArgument("with --flag, say --confirm or --dismiss")
        review_mod.decide(flag_id, decision, note)
        click.echo(f"flag {flag_id}: {decision}")
        return
    period = periods.month(month_) if month_ else None
    todo = review_mod.pending(period.start if period else None, period.end if period else None, category)
    if not todo:
        click.echo("nothing to review")
        return
    done = 0
    for n, (rec, f) in enumerate(todo, 1):
        clip = review_mod.clip_for(rec, f)
        click.echo(f"\n[{n}/{len(todo)}] flag {f.id}  {rec.call_start:%Y-%m-%d %H:%M:%S}  {rec.caller or '?'}")
        click.echo(f"  {display.flag_line(f, rec)}")
        click.echo(f"  clip: {clip}\n  play: ffplay -nodisp -autoexit \"{clip}\"  (or open it in a browser)")
        answer = click.prompt("  [c]onfirm, [d]ismiss, [s]kip, [q]uit", default="s",
                              type=click.Choice(["c", "d", "s", "q"]), show_choices=False)
        if answer == "q":
            break
        if answer == "s":
            continue
        text = click.prompt("  note (Enter for none)", default="", show_default=False)
        review_mod.decide(f.id, "confirmed" if answer == "c" else "dismissed", text or None)
        done += 1
    click.echo(f"\n{done} decision(s) recorded")


@cli.command()
@click.argument("ref")
@click.option("--reason", required=True, help="Why it is removed; kept in the log with the hash.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def forget(ref: str, reason: str, yes: bool) -> None:
    """Remove a recording, its clips and its transcript and flags, on request.

    REF is the recording's number from `evidence list` or the start of its SHA-256. Only a log
    entry with the recording's hash and the reason remains.

    \b
    Example:
      evidence forget 501e51268518 --reason "recorded by mistake, not a collection call"
    """
    from .. import recordings
    from ..trust.forget import forget as do_forget

    sha256 = recordings.find(ref).sha256
    if not yes:
        click.confirm(f"Remove recording {sha256} and everything derived from it?", abort=True)
    full = do_forget(sha256, reason)
    click.echo(f"forgot {full}; the log keeps its hash and the reason")
