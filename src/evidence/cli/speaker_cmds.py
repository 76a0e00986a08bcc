"""`evidence speaker`: correct who said what in a call, confirm the user's voice profile."""

from __future__ import annotations

import click

from ..i18n import N_, _
from . import cli


@cli.group(help=N_(
    "Correct which party (催收方 collector / 我方 you) spoke; every change is logged.\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence speaker swap 3"))
def speaker() -> None:
    pass


@speaker.command(help=N_(
    "Swap the two parties of recording REF (number or SHA-256 prefix); flags are recomputed.\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence speaker swap 3"))
@click.argument("ref")
def swap(ref: str) -> None:
    from ..trust import speaker_fix

    speaker_fix.swap(ref)
    click.echo(_("The two speakers of recording {ref} were swapped.").format(ref=ref))


@speaker.command(name="set", help=N_(
    "Mark segment SEGMENT of recording REF (numbers as `evidence show` prints them) as PARTY.\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence speaker set 3 4 debtor"))
@click.argument("ref")
@click.argument("segment", type=int)
@click.argument("party", type=click.Choice(["collector", "debtor"]))
def set_(ref: str, segment: int, party: str) -> None:
    from ..reports.render_terminal import speaker_label
    from ..trust import speaker_fix

    speaker_fix.set_segment(ref, segment, party)
    click.echo(_("Segment {segment} of recording {ref} is now marked as {speaker}.")
               .format(segment=segment, ref=ref, speaker=speaker_label(party)))


@speaker.command(help=N_(
    "Confirm the voice profile built from your calls, so it decides which voice is yours.\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence speaker confirm"))
def confirm() -> None:
    from ..trust import speaker_fix

    n = speaker_fix.confirm_profile()
    click.echo(_("Your voice profile is confirmed ({n} calls); the voice closest to it is taken as yours.")
               .format(n=n))
