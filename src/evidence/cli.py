"""The `evidence` command line: parses arguments, calls the core, formats output."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import EvidenceError


class EvidenceGroup(click.Group):
    """Turns domain errors into a one-line message and a non-zero exit; bugs keep their traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except EvidenceError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=EvidenceGroup)
@click.version_option(package_name="evidence")
def cli() -> None:
    """File debt-collection call recordings as evidence: transcribe, flag, report.

    Everything runs on this machine; nothing is sent anywhere.

    \b
    Examples:
      evidence ingest "通话录音@张三(13800138000)_20261103143022.mp3"
      evidence ingest ~/CallRecordings/
      evidence list
      evidence report --month 2026-11
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--model", default=None, help="Model folder or Whisper size name (default: embedded base).")
@click.option("--caller", default=None, help="Caller number, when the file name does not carry it.")
@click.option("--when", "when_", default=None, help="Call start, e.g. '2026-11-03 14:30', overriding the file.")
@click.option("--quiet", "-q", is_flag=True, help="Print one line per recording, not the transcript.")
def ingest(inputs: tuple[Path, ...], model: str | None, caller: str | None, when_: str | None,
           quiet: bool) -> None:
    """Transcribe recordings and file them as evidence (files or folders, recursively).

    \b
    Examples:
      evidence ingest "通话录音@张三(13800138000)_20261103143022.mp3"
      evidence ingest ~/CallRecordings/
      evidence ingest call.m4a --caller 13800138000 --when "2026-11-03 14:30"
    """
    from . import callmeta, display, recordings
    from .pipeline import ingest_paths

    overrides_caller = callmeta.parse_caller(caller) if caller else None
    overrides_when = callmeta.parse_when(when_) if when_ else None

    def report(result) -> None:
        if result.status == "failed":
            click.secho(f"FAILED  {result.error}", fg="red", err=True)
            return
        if result.status == "duplicate":
            click.echo(f"already filed: {result.path.name} (same bytes as recording "
                       f"{result.recording_id}, sha256 {result.sha256[:12]}); nothing added")
            return
        rec = recordings.find(str(result.recording_id))
        if quiet:
            click.echo(display.summary_row(rec))
            return
        click.echo("\n".join(display.header(rec) + display.transcript(rec)))
        flags = len(rec.flags)
        click.echo(f"  {flags} flag{'s' if flags != 1 else ''}" if flags else "  no flags")

    results = ingest_paths(list(inputs), model=model, caller=overrides_caller, when=overrides_when,
                           on_result=report)
    filed = sum(r.status == "filed" for r in results)
    dupes = sum(r.status == "duplicate" for r in results)
    failed = [r for r in results if r.status == "failed"]
    if len(results) != 1 or failed:
        click.echo(f"\n{filed} filed, {dupes} already filed, {len(failed)} failed")
        for r in failed:
            click.echo(f"  failed: {r.error}", err=True)
    if not results:
        raise click.ClickException("no recordings found in " + ", ".join(map(str, inputs)))
    if failed:
        sys.exit(1)


@cli.command(name="list")
def list_() -> None:
    """List filed recordings (and failed attempts) with their call time and flags.

    \b
    Example:
      evidence list
    """
    from . import display, recordings

    rows = recordings.all_recordings()
    if not rows:
        click.echo("no recordings filed yet; try: evidence ingest samples/")
        return
    for rec in rows:
        click.echo(display.summary_row(rec))


@cli.command()
@click.argument("ref")
def show(ref: str) -> None:
    """Print a filed recording: metadata, hashes, transcript with flagged words marked.

    REF is the recording's number from `evidence list` or the start of its SHA-256.

    \b
    Example:
      evidence show 501e5126
    """
    from . import display, recordings

    rec = recordings.find(ref)
    if rec.status != "done":
        click.echo(display.summary_row(rec))
        return
    click.echo("\n".join(display.header(rec)))
    click.echo(f"  stored   {rec.stored_path}")
    click.echo(f"  original {rec.original_path}")
    click.echo(f"  filed    {rec.ingested_at:%Y-%m-%d %H:%M:%S} with model {rec.model}")
    from sqlalchemy import select

    from . import database
    from . import review as review_mod
    from .db import LogEntry

    with database.session() as s:
        decisions = review_mod.states(s)
        entries = s.scalars(select(LogEntry).where(LogEntry.subject == rec.sha256).order_by(LogEntry.seq)).all()
    for e in entries:
        click.echo(f"  log      #{e.seq} {e.action} {e.at:%Y-%m-%d %H:%M:%S} {e.entry_sha256[:16]}")
    states = {f.id: decisions[fp].decision for f in rec.flags
              if (fp := review_mod.flag_fingerprint(rec, f)) in decisions}
    click.echo("\n".join(display.transcript(rec, review_states=states)))


@cli.command()
def paths() -> None:
    """Show where the database, evidence store, models and lexicons are.

    Set EVIDENCE_HOME to keep the data somewhere else.

    \b
    Example:
      EVIDENCE_HOME=/mnt/usb/evidence evidence paths
    """
    from . import paths as paths_mod

    p = paths_mod.resolve()
    for label, value in [("data folder", p.home), ("database", p.database), ("store", p.store),
                         ("clips", p.clips), ("inbox", p.inbox), ("models", p.models),
                         ("lexicons", p.lexicons), ("migrations", p.migrations)]:
        click.echo(f"{label:12s} {value}")


@cli.group(invoke_without_command=True)
@click.pass_context
def models(ctx: click.Context) -> None:
    """List Whisper models; `evidence models pull NAME` downloads one (the only network use).

    \b
    Examples:
      evidence models
      evidence models pull small
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(models_list)


@models.command(name="list")
def models_list() -> None:
    """List the models on this machine and which one is the default.

    \b
    Example:
      evidence models list
    """
    from .whisper_models import list_models

    for m in list_models():
        mark = "*" if m.default else " "
        state = "ready" if m.installed else "-"
        click.echo(f"{mark} {m.name:10s} {state:6s} {m.note}" + (f"  [{m.path}]" if m.path else ""))
    click.echo("* default")


@models.command()
@click.argument("name")
def pull(name: str) -> None:
    """Download a Whisper model by size name from the Hugging Face hub (uses the network).

    \b
    Example:
      evidence models pull small
    """
    from .whisper_models import pull as do_pull

    click.echo(f"downloading model '{name}' (this uses the network) ...")
    target = do_pull(name)
    click.echo(f"model '{name}' ready in {target}; use it with --model {name}")


@cli.command()
@click.option("--month", "month_", is_flag=False, flag_value="", default=None,
              help="Month as YYYY-MM; alone, the current month (the default period).")
@click.option("--from", "from_", default=None, help="First day, YYYY-MM-DD (instead of --month).")
@click.option("--to", "to_", default=None, help="Last day, YYYY-MM-DD (instead of --month).")
@click.option("--caller", default=None, help="Only calls from this number.")
@click.option("--format", "fmt", type=click.Choice(["terminal", "json", "markdown", "html", "csv"]),
              default="terminal", show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Write to this file instead of the terminal.")
@click.option("--out", "packet", type=click.Path(path_type=Path), default=None,
              help="Write the whole evidence packet (reports, clips, manifest) into this folder.")
@click.option("--confirmed", is_flag=True, help="Only flags confirmed with `evidence review`.")
@click.option("--include-dismissed", is_flag=True,
              help="Also show flags dismissed with `evidence review` (marked as dismissed).")
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
    from . import callmeta, periods, report_data, report_render
    from .errors import BadArgument

    if month_ is not None and (from_ or to_):
        raise BadArgument("give either --month or --from/--to, not both")
    period = periods.between(from_, to_) if (from_ or to_) else periods.month(month_ or None)
    number = callmeta.parse_caller(caller) if caller else None
    from .exports import log_export

    data = report_data.build(period, caller=number, confirmed_only=confirmed,
                             include_dismissed=include_dismissed)
    if packet is not None:
        from .packet import write_packet

        manifest = write_packet(data, packet)
        log_export(data, str(packet), manifest)
        click.echo(f"evidence packet written to {packet} ({len(manifest)} files, see MANIFEST.sha256)")
        return
    text = report_render.render(data, fmt)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        log_export(data, str(output), {output.name: _sha256_text(text)})
        click.echo(f"{fmt} report for {period.label} written to {output}")
    else:
        click.echo(text, nl=not text.endswith("\n"))


@cli.command()
def reflag() -> None:
    """Re-run matching over stored transcripts after the lexicon changed (no re-transcription).

    \b
    Example:
      evidence reflag
    """
    from .flagging import reflag as do_reflag

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
    from .flagging import current_lexicon
    from .lexicon import count_phrases

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
    from . import matcher
    from .flagging import current_lexicon
    from .lexicon_try import segments_from_text

    lex = current_lexicon()
    doc = matcher.run(segments_from_text(text), lex)
    flags = [span._.flag for span in doc.spans["flags"]]
    for h in flags:
        pinyin = " ".join(t._.pinyin for t in doc[h.start_char:h.end_char])
        click.echo(f"{h.category:16s} \"{h.text}\"  rule {h.rule_id} ({h.kind}, {h.match}"
                   f"{', ' + h.detail if h.detail else ''}; confidence {h.confidence:.2f}; [{pinyin}])")
    for sup in doc._.suppressed:
        click.echo(f"not flagged: {sup.hit.category} \"{sup.hit.text}\" ({sup.hit.rule_id}): {sup.reason}")
    if not flags and not doc._.suppressed:
        click.echo("no match")


@cli.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--poll", type=float, default=None,
              help="Check every SECONDS instead of using filesystem events (network or synced folders).")
@click.option("--settle", type=float, default=2.0, show_default=True,
              help="Seconds a file must stop changing before it is taken.")
@click.option("--move-done", is_flag=True, help="Move filed originals into done/ (default: leave them).")
@click.option("--model", default=None, help="Model folder or Whisper size name (default: embedded base).")
def watch(folder: Path | None, poll: float | None, settle: float, move_done: bool, model: str | None) -> None:
    """File recordings as they appear in a folder (default: the inbox in the data folder).

    Bad files go to rejected/ with a .txt giving the reason; nothing is deleted.

    \b
    Examples:
      evidence watch
      evidence watch ~/同步/CallRecordings --poll 5
      evidence watch ~/CallRecordings --move-done
    """
    from . import paths as paths_mod
    from .watch import Watcher, WatchOptions

    target = folder or paths_mod.resolve().ensure().inbox
    Watcher(WatchOptions(folder=target.expanduser(), poll=poll, settle=settle, move_done=move_done,
                         model=model), log=lambda line: click.echo(line)).run()


def _sha256_text(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    from .verify import verify_packet, verify_store

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
    from . import clips, display, periods
    from . import paths as paths_mod
    from . import review as review_mod
    from .errors import BadArgument

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
    clip_dir = paths_mod.resolve().ensure().clips
    done = 0
    for n, (rec, f) in enumerate(todo, 1):
        clip = clip_dir / f"{rec.sha256}_{f.id}.mp3"
        if not clip.exists() and rec.stored_path:
            clips.cut(Path(rec.stored_path), [(f.start, f.end, clip)])
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
@click.argument("sha256")
@click.option("--reason", required=True, help="Why it is removed; kept in the log with the hash.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def forget(sha256: str, reason: str, yes: bool) -> None:
    """Remove a recording, its clips and its transcript and flags, on request.

    Only a log entry with the recording's hash and the reason remains.

    \b
    Example:
      evidence forget 501e51268518 --reason "recorded by mistake, not a collection call"
    """
    from .forget import forget as do_forget

    if not yes:
        click.confirm(f"Remove recording {sha256} and everything derived from it?", abort=True)
    full = do_forget(sha256, reason)
    click.echo(f"forgot {full}; the log keeps its hash and the reason")


from .cli_edit import register as _register_edit  # noqa: E402

_register_edit(cli)


def main() -> None:
    import os

    os.umask(0o077)  # everything written is private: recordings hold family and financial details
    cli(prog_name="evidence")


if __name__ == "__main__":
    main()
