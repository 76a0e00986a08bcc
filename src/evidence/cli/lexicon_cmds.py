"""`evidence lexicon check/test` and `evidence reflag`."""

from __future__ import annotations

import click

from . import cli


@cli.command()
def reflag() -> None:
    """Re-run matching over stored transcripts after the lexicon changed (no re-transcription).

    \b
    Example:
      evidence reflag
    """
    from ..flagging import reflag as do_reflag

    n, flags, version = do_reflag()
    click.echo(f"re-flagged {n} recordings: {flags} flags with lexicon {version[:12]}")


@cli.group()
def lexicon() -> None:
    """Check and try out the lexicons (lexicons/zh-CN/*.yaml).

    \b
    Examples:
      evidence lexicon check
      evidence lexicon test "你管我是谁，再不还钱就打给你爸妈"
    """


@lexicon.command(name="check")
def lexicon_check() -> None:
    """Load every lexicon file and report problems with file and line.

    \b
    Example:
      evidence lexicon check
    """
    from ..flagging import current_lexicon
    from ..flagging.lexicon import count_phrases

    lex = current_lexicon()
    click.echo(f"{lex.folder}: {len(lex.rules)} rules, {count_phrases(lex)} phrases, "
               f"{len(lex.exemptions)} exemption groups; version {lex.version[:12]}")


@lexicon.command(name="test")
@click.argument("text")
def lexicon_test(text: str) -> None:
    """Show what the lexicon matches in TEXT, and why (or why not).

    Each sentence is treated as a separate turn of about a quarter second per character.

    \b
    Example:
      evidence lexicon test "你管我是谁，再不还钱就打给你爸妈"
    """
    from ..flagging import current_lexicon
    from ..flagging.explain import explain

    lines = explain(text, current_lexicon())
    click.echo("\n".join(lines) if lines else "no match")
