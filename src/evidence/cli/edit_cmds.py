"""`evidence correct`, `set`, `retranscribe`, `case`, `number`: correcting filed evidence and holding
the case details. Thin: they parse, call evidence.trust.corrections / evidence.case, and print."""

from __future__ import annotations

import click

from ..i18n import N_, _
from . import cli


@cli.command(help=N_(
    "Correct one transcript line; the machine's text is kept beside it.\n"
    "\n"
    "REF is the recording (number or start of its SHA-256), SEGMENT the line number that "
    "`evidence show REF` prints. Flags are recomputed and the change is logged.\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence correct 3 2 \"工号不方便透露\""))
@click.argument("ref")
@click.argument("segment", type=int)
@click.argument("text")
def correct(ref: str, segment: int, text: str) -> None:
    from ..trust.corrections import correct_segment

    c = correct_segment(ref, segment, text)
    click.echo(_("recording {id}, line {n}: \"{old}\" -> \"{new}\"").format(
        id=c.recording_id, n=c.segment, old=c.old_text, new=c.new_text))
    click.echo(_("machine text kept: \"{text}\"; flags: {before} -> {after}").format(
        text=c.machine_text, before=c.flags_before, after=c.flags_after))


@cli.command(name="set", help=N_(
    "Correct a recording's caller, contact or call time; the change is logged.\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence set 3 --caller 13800138000 --when \"2026-11-03 14:30\""))
@click.argument("ref")
@click.option("--caller", default=None, help=N_("Caller number (empty to clear)."))
@click.option("--contact", default=None, help=N_("Contact name as the phone showed it (empty to clear)."))
@click.option("--when", "when_", default=None, help=N_("Call start, e.g. '2026-11-03 14:30'."))
def set_(ref: str, caller: str | None, contact: str | None, when_: str | None) -> None:
    from ..trust.corrections import set_metadata

    change = set_metadata(ref, caller=caller, contact=contact, when=when_)
    if not change.changes:
        click.echo(_("recording {id}: nothing changed").format(id=change.recording_id))
        return
    for name, (old, new) in change.changes.items():
        click.echo(_("recording {id}: {field} {old} -> {new}").format(
            id=change.recording_id, field=name, old=old or "—", new=new or "—"))


@cli.command(help=N_(
    "Transcribe a recording again with another model; the old transcript is kept.\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence retranscribe 3 --model small"))
@click.argument("ref")
@click.option("--model", required=True, help=N_("Whisper size name or model folder, e.g. small."))
def retranscribe(ref: str, model: str) -> None:
    from ..trust.corrections import retranscribe as do_retranscribe

    r = do_retranscribe(ref, model)
    click.echo(_("recording {id}: transcribed again with {model} ({before} -> {after} lines, "
                 "{fb} -> {fa} flags); the old transcript is kept").format(
        id=r.recording_id, model=r.new_model, before=r.segments_before, after=r.segments_after,
        fb=r.flags_before, fa=r.flags_after))


CASE_LABELS = (("name", N_("Name")), ("phone", N_("Phone")), ("lender", N_("Lender")),
               ("platform", N_("Platform")), ("collector_company", N_("Collection company")))


@cli.command(help=N_(
    "Show or store your case details for the complaint texts (kept only on this machine).\n"
    "\n"
    "An empty value clears a field.\n"
    "\n"
    "\b\n"
    "Examples:\n"
    "  evidence case --name 张三 --phone 13900000000 --lender 某某消费金融有限公司\n"
    "  evidence case"))
@click.option("--name", default=None, help=N_("Your name, for the complaint forms."))
@click.option("--phone", default=None, help=N_("Your phone number, for the complaint forms."))
@click.option("--lender", default=None, help=N_("Who lent the money (bank or company full name)."))
@click.option("--platform", default=None, help=N_("The app or platform of the loan."))
@click.option("--collector-company", default=None, help=N_("The collection company, if known."))
def case(**values: str | None) -> None:
    from ..case import load_case, save_case

    current = save_case(**values) if any(v is not None for v in values.values()) else load_case()
    for field, label in CASE_LABELS:
        click.echo(f"{_(label)}: {getattr(current, field) or '—'}")


@cli.command(help=N_(
    "Say which institution a number calls for, so calls are counted per institution; alone, list them.\n"
    "\n"
    "\b\n"
    "Examples:\n"
    "  evidence number 13800000000 --institution 某某消费金融\n"
    "  evidence number"))
@click.argument("number", required=False)
@click.option("--institution", default=None, help=N_("The institution this number calls for (empty to clear)."))
def number(number: str | None, institution: str | None) -> None:
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
