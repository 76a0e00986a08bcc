"""`evidence correct`, `set`, `retranscribe`, `case`, `number`: correcting filed evidence and holding
the case details. Thin: they parse, call evidence.trust.corrections / evidence.case, and print."""

from __future__ import annotations

import click

from ..i18n import _
from . import cli


@cli.command()
@click.argument("ref")
@click.argument("segment", type=int)
@click.argument("text")
def correct(ref: str, segment: int, text: str) -> None:
    """Correct one transcript line; the machine's text is kept beside it.

    REF is the recording (number or start of its SHA-256), SEGMENT the line number that
    `evidence show REF` prints. Flags are recomputed and the change is logged.

    \b
    Example:
      evidence correct 3 2 "工号不方便透露"
    """
    from ..trust.corrections import correct_segment

    c = correct_segment(ref, segment, text)
    click.echo(_("recording {id}, line {n}: \"{old}\" -> \"{new}\"").format(
        id=c.recording_id, n=c.segment, old=c.old_text, new=c.new_text))
    click.echo(_("machine text kept: \"{text}\"; flags: {before} -> {after}").format(
        text=c.machine_text, before=c.flags_before, after=c.flags_after))


@cli.command(name="set")
@click.argument("ref")
@click.option("--caller", default=None, help=_("Caller number (empty to clear)."))
@click.option("--contact", default=None, help=_("Contact name as the phone showed it (empty to clear)."))
@click.option("--when", "when_", default=None, help=_("Call start, e.g. '2026-11-03 14:30'."))
def set_(ref: str, caller: str | None, contact: str | None, when_: str | None) -> None:
    """Correct a recording's caller, contact or call time; the change is logged.

    \b
    Example:
      evidence set 3 --caller 13800138000 --when "2026-11-03 14:30"
    """
    from ..trust.corrections import set_metadata

    change = set_metadata(ref, caller=caller, contact=contact, when=when_)
    if not change.changes:
        click.echo(_("recording {id}: nothing changed").format(id=change.recording_id))
        return
    for name, (old, new) in change.changes.items():
        click.echo(_("recording {id}: {field} {old} -> {new}").format(
            id=change.recording_id, field=name, old=old or "—", new=new or "—"))


@cli.command()
@click.argument("ref")
@click.option("--model", required=True, help=_("Whisper size name or model folder, e.g. small."))
def retranscribe(ref: str, model: str) -> None:
    """Transcribe a recording again with another model; the old transcript is kept.

    \b
    Example:
      evidence retranscribe 3 --model small
    """
    from ..trust.corrections import retranscribe as do_retranscribe

    r = do_retranscribe(ref, model)
    click.echo(_("recording {id}: transcribed again with {model} ({before} -> {after} lines, "
                 "{fb} -> {fa} flags); the old transcript is kept").format(
        id=r.recording_id, model=r.new_model, before=r.segments_before, after=r.segments_after,
        fb=r.flags_before, fa=r.flags_after))


CASE_LABELS = (("name", "Name"), ("phone", "Phone"), ("lender", "Lender"), ("platform", "Platform"),
               ("collector_company", "Collection company"))


@cli.command()
@click.option("--name", default=None, help=_("Your name, for the complaint forms."))
@click.option("--phone", default=None, help=_("Your phone number, for the complaint forms."))
@click.option("--lender", default=None, help=_("Who lent the money (bank or company full name)."))
@click.option("--platform", default=None, help=_("The app or platform of the loan."))
@click.option("--collector-company", default=None, help=_("The collection company, if known."))
def case(**values: str | None) -> None:
    """Show or store your case details for the complaint texts (kept only on this machine).

    An empty value clears a field.

    \b
    Examples:
      evidence case --name 张三 --phone 13900000000 --lender 某某消费金融有限公司 --platform 某某借款
      evidence case
    """
    from ..case import load_case, save_case

    current = save_case(**values) if any(v is not None for v in values.values()) else load_case()
    for field, label in CASE_LABELS:
        click.echo(f"{_(label)}: {getattr(current, field) or '—'}")


@cli.command()
@click.argument("number", required=False)
@click.option("--institution", default=None, help=_("The institution this number calls for (empty to clear)."))
def number(number: str | None, institution: str | None) -> None:
    """Say which institution a number calls for, so calls are counted per institution; alone, list them.

    \b
    Examples:
      evidence number 13800000000 --institution 某某消费金融
      evidence number
    """
    from ..case import assign_institution, number_institutions
    from ..errors import BadArgument

    if number is None:
        found = number_institutions()
        if not found:
            click.echo(_("no numbers assigned yet; e.g. evidence number 13800000000 --institution NAME"))
        for num, inst in found.items():
            click.echo(f"{num}  {inst}")
        return
    if institution is None:
        raise BadArgument(_("give --institution NAME (or an empty one to clear)"))
    num, inst = assign_institution(number, institution)
    click.echo(_("{number}: {institution}").format(number=num, institution=inst or "—"))
