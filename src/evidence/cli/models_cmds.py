"""`evidence models`: list and download Whisper models."""

from __future__ import annotations

import click

from ..i18n import N_, _
from . import cli


@cli.group(invoke_without_command=True, help=N_(
    "List Whisper models; `evidence models pull NAME` downloads one (the only network use).\n"
    "\n"
    "\b\n"
    "Examples:\n"
    "  evidence models\n"
    "  evidence models pull small"))
@click.pass_context
def models(ctx: click.Context) -> None:
    if ctx.invoked_subcommand is None:
        ctx.invoke(models_list)


@models.command(name="list", help=N_(
    "List the models on this machine and which one is the default.\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence models list"))
def models_list() -> None:
    from ..asr.models import list_models
    from ..reports.render_terminal import pad

    for m in list_models():
        mark = "*" if m.default else " "
        state = _("ready") if m.installed else "-"
        click.echo(f"{mark} {m.name:10s} {pad(state, 6)} {m.note}" + (f"  [{m.path}]" if m.path else ""))
    click.echo(_("* default"))


@models.command(help=N_(
    "Download a Whisper model by size name from the Hugging Face hub (uses the network).\n"
    "\n"
    "\b\n"
    "Example:\n"
    "  evidence models pull small"))
@click.argument("name")
def pull(name: str) -> None:
    from ..asr.models import pull as do_pull

    click.echo(_("downloading model '{name}' (this uses the network) ...").format(name=name))
    target = do_pull(name)
    click.echo(_("Model '{name}' ready in {target}; use it with --model {name}").format(name=name, target=target))
