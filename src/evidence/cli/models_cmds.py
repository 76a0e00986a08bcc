"""`evidence models`: list and download Whisper models."""

from __future__ import annotations

import click

from . import cli


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
    from ..asr.models import list_models

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
    from ..asr.models import pull as do_pull

    click.echo(f"downloading model '{name}' (this uses the network) ...")
    target = do_pull(name)
    click.echo(f"model '{name}' ready in {target}; use it with --model {name}")
