"""`evidence lexicon check/test` and `evidence reflag`."""

from __future__ import annotations

import click

from ..i18n import N_, _
from . import cli


@cli.command(help=N_(
    "Re-run matching over stored transcripts after the lexicon changed (no re-transcription).\n"
    "Flags that are found again keep their numbers.\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence reflag"))
def reflag() -> None:
    from ..flagging import reflag as do_reflag

    n, flags, version = do_reflag()
    click.echo(_("re-flagged {n} recordings: {flags} flags with lexicon {version}").format(
        n=n, flags=flags, version=version[:12]))


@cli.group(help=N_(
    "Check and try out the lexicons (lexicons/zh-CN/*.yaml).\n"
    "\n"
    "\b\n"
    "Examples:\n"
    "  evidence lexicon check\n"
    '  evidence lexicon test "你管我是谁，再不还钱就打给你爸妈"'))
def lexicon() -> None:
    pass


@lexicon.command(name="check", help=N_(
    "Load every lexicon file and report problems with file and line.\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence lexicon check"))
def lexicon_check() -> None:
    from ..flagging import current_lexicon
    from ..flagging.lexicon import count_phrases

    lex = current_lexicon()
    click.echo(_("{folder}: {rules} rules, {phrases} phrases, {groups} exemption groups; version {version}").format(
        folder=lex.folder, rules=len(lex.rules), phrases=count_phrases(lex), groups=len(lex.exemptions),
        version=lex.version[:12]))


@lexicon.command(name="test", help=N_(
    "Show what the lexicon matches in TEXT, and why (or why not).\n"
    "\n"
    "Each sentence is treated as a separate turn of about a quarter second per character.\n"
    "\n"
    "\b\n"
    "Example:\n"
    '  evidence lexicon test "你管我是谁，再不还钱就打给你爸妈"'))
@click.argument("text")
def lexicon_test(text: str) -> None:
    from ..flagging import current_lexicon
    from ..flagging.explain import explain

    lines = explain(text, current_lexicon())
    click.echo("\n".join(lines) if lines else _("no match"))
