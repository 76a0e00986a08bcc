"""Commands that keep the evidence trustworthy: `verify`, `review`, `forget`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import categories
from ..i18n import N_, _, ngettext
from . import cli

CHECKED_WHAT = (N_("originals"), N_("log entries"), N_("files"), N_("recordings"))  # verify's counts


@cli.command(help=N_(
    "Check that nothing was altered: originals, the hash-chained log, and the rows it covers.\n"
    "\n"
    "Exits 0 only when everything matches; otherwise says exactly what differs.\n"
    "\n"
    "\b\n"
    "Examples:\n"
    "  evidence verify\n"
    "  evidence verify --packet ~/投诉材料/2026-10/"))
@click.option("--packet", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help=N_("Check a report packet folder against its manifest instead of the store."))
def verify(packet: Path | None) -> None:
    from .. import paths
    from ..trust.verify import verify_packet, verify_store

    if packet is None:
        paths.existing()
    result = verify_packet(packet) if packet else verify_store()
    for problem in result.problems:
        click.secho(_("DIFFERS  {problem}").format(problem=problem), fg="red")
    checked = ", ".join(f"{n} {_(what)}" for what, n in result.checked.items())
    if result.ok:
        click.echo(_("OK: everything matches ({checked})").format(checked=checked))
        return
    click.echo(_("{n} problem(s) found ({checked})").format(n=len(result.problems), checked=checked), err=True)
    sys.exit(1)


@cli.command(help=N_(
    "Walk unreviewed flags one by one: confirm real ones, dismiss false ones.\n"
    "\n"
    "Dismissed flags stay in the database and the log; reports mark each flag's state and\n"
    "`evidence report --confirmed` keeps only confirmed ones.\n"
    "\n"
    "\b\n"
    "Examples:\n"
    "  evidence review --month 2026-11\n"
    "  evidence review --category threat\n"
    '  evidence review --flag 12 --dismiss --note "是我自己说的话"'))
@click.option("--month", "month_", default=None, help=N_("Only calls in this month (YYYY-MM)."))
@click.option("--category", type=click.Choice(list(categories.IDS)), default=None,
              help=N_("Only this category: threat (威胁), insult (辱骂), third_party (联系第三方), "
                      "identity_refusal (拒绝表明身份)."))
@click.option("--flag", "flag_id", type=int, default=None,
              help=N_("Decide one flag by the number `evidence show` gives it, without prompts."))
@click.option("--confirm", is_flag=True, help=N_("With --flag: confirm it."))
@click.option("--dismiss", is_flag=True, help=N_("With --flag: dismiss it."))
@click.option("--note", default=None, help=N_("With --flag: a note kept with the decision."))
def review(month_: str | None, category: str | None, flag_id: int | None, confirm: bool, dismiss: bool,
           note: str | None) -> None:
    from .. import paths
    from ..errors import BadArgument
    from ..reports import periods
    from ..reports import render_terminal as display
    from ..trust import review as review_mod

    if confirm and dismiss:
        raise BadArgument(_("--confirm and --dismiss contradict each other; give one of them"))
    if (confirm or dismiss or note is not None) and flag_id is None:
        raise BadArgument(_("--confirm, --dismiss and --note need --flag N (the flag's number from `evidence show`)"))
    paths.existing()
    if flag_id is not None:
        if not (confirm or dismiss):
            raise BadArgument(_("With --flag, say --confirm or --dismiss"))
        decision = "confirmed" if confirm else "dismissed"
        review_mod.decide(flag_id, decision, note)
        click.echo(_("Flag {id}: {decision}").format(id=flag_id, decision=_(display.REVIEW_STATES[decision])))
        return
    period = periods.month(month_) if month_ else None
    todo = review_mod.pending(period.start if period else None, period.end if period else None, category)
    if not todo:
        click.echo(_("Nothing to review"))
        return
    done = 0
    for n, (rec, f) in enumerate(todo, 1):
        clip = review_mod.clip_for(rec, f)
        when = f"{rec.call_start:%Y-%m-%d %H:%M:%S}" if rec.call_start else "?"
        click.echo("\n" + _("[{n}/{total}] flag {id}  {when}  {caller}").format(
            n=n, total=len(todo), id=f.id, when=when, caller=rec.caller or "?"))
        click.echo(f"  {display.flag_line(f, rec)}")
        click.echo(_("  clip: {clip}\n  (open it with any audio player, or listen in the browser with "
                     "`evidence serve`)").format(clip=clip))
        answer = click.prompt(_("  [c]onfirm, [d]ismiss, [s]kip, [q]uit"), default="s",
                              type=click.Choice(["c", "d", "s", "q"]), show_choices=False)
        if answer == "q":
            break
        if answer == "s":
            continue
        text = click.prompt(_("  note (Enter for none)"), default="", show_default=False)
        review_mod.decide(f.id, "confirmed" if answer == "c" else "dismissed", text or None)
        done += 1
    click.echo("\n" + ngettext("{n} decision recorded", "{n} decisions recorded", done).format(n=done))


@cli.command(help=N_(
    "Remove a recording, its clips and its transcript and flags, on request.\n"
    "\n"
    "REF is the recording's number from `evidence list` or the start of its SHA-256. Only a log\n"
    "entry with the recording's hash and the reason remains.\n"
    "\n"
    "\b\n"
    "Example:\n"
    '  evidence forget 501e51268518 --reason "recorded by mistake, not a collection call"'))
@click.argument("ref")
@click.option("--reason", required=True, help=N_("Why it is removed; kept in the log with the hash."))
@click.option("--yes", is_flag=True, help=N_("Do not ask for confirmation."))
def forget(ref: str, reason: str, yes: bool) -> None:
    from .. import paths, recordings
    from ..trust.forget import forget as do_forget

    paths.existing()
    sha256 = recordings.find(ref).sha256
    if not yes:
        click.confirm(_("Remove recording {sha256} and everything derived from it?").format(sha256=sha256),
                      abort=True)
    full = do_forget(sha256, reason)
    click.echo(_("forgot {full}; the log keeps its hash and the reason").format(full=full))
