"""Click in the user's language, without touching click's own gettext domain.

Click formats help and errors with its own `gettext` calls on the "messages" domain, which only
follow the POSIX locale variables and would stay English where `evidence` defaults to Chinese.
So the few pieces click writes itself (section headings, the usage prefix, the help option, usage
errors) are translated here through our catalogue, at the moment they are shown: a help text is
stored as its English msgid (marked with `N_`) and translated when printed, so the language is the
one of the run, not the one at import time.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from click.formatting import HelpFormatter

from ..i18n import N_, _, language

# Click's own words, in our catalogue (Babel extracts them from here).
CLICK_WORDS = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Positional arguments"),
    N_("Show this message and exit."), N_("Show the version and exit."),
    N_("[OPTIONS]"), N_("COMMAND [ARGS]..."), N_("required"), N_("Aborted!"),
    N_("Missing command."),
)


class LocalizedFormatter(HelpFormatter):
    """Headings and the usage prefix in the user's language; option extras translated."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:  # a Chinese colon carries its own space
            prefix = _("Usage:") + ("" if _("Usage:").endswith("：") else " ")
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}{'：' if language() == 'zh' else ':'}\n")

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(_(name)):
            yield

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _translate_extras(text)) for term, text in rows], col_max, col_spacing)


_EXTRAS = re.compile(r"\s*\[([^\[\]]*)\]$")


def _translate_extras(text: str) -> str:
    """Click appends '[default: x; required]' to option help in English: translate those words."""
    m = _EXTRAS.search(text)
    if not m:
        return text
    items = []
    for item in m.group(1).split("; "):
        if item == "required":
            items.append(_("required"))
        elif item.startswith("default: "):
            items.append(_("default: {default}").format(default=item.removeprefix("default: ")))
        else:
            items.append(item)
    return f"{text[:m.start()]}  [{'; '.join(items)}]"


class LocalizedContext(click.Context):
    formatter_class = LocalizedFormatter


def short_help(text: str) -> str:
    """The first sentence of a translated help text, for the command list."""
    first = inspect.cleandoc(text).split("\n\n")[0].replace("\n", " ")
    if language() == "zh":
        return first.split("。")[0].split("；")[0]
    return first.split(". ")[0].rstrip(".")


@contextmanager
def _translated_params(command: click.Command, ctx: click.Context) -> Iterator[None]:
    """Parameters' help in the user's language while the help page is written."""
    params = command.get_params(ctx)
    saved = [p.help if hasattr(p, "help") else None for p in params]
    try:
        for p in params:
            if getattr(p, "help", None):
                p.help = _(p.help)
        yield
    finally:
        for p, text in zip(params, saved, strict=True):
            if hasattr(p, "help"):
                p.help = text


class LocalizedCommand(click.Command):
    """A command whose help (an English msgid) is translated when shown."""

    context_class = LocalizedContext

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if self.options_metavar and pieces and pieces[0] == self.options_metavar:
            pieces[0] = _(self.options_metavar)
        return pieces

    def format_help_text(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        original = self.help
        self.help = _(original) if original else original
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = original

    def format_options(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        with _translated_params(self, ctx):
            click.Command.format_options(self, ctx, formatter)

    def format_arguments(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        if hasattr(click.Command, "format_arguments"):
            with _translated_params(self, ctx):
                click.Command.format_arguments(self, ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return _(self.short_help)
        return short_help(_(self.help)) if self.help else ""


class LocalizedGroup(LocalizedCommand, click.Group):
    """A group of localized commands; its subcommands and subgroups are localized too."""

    command_class = LocalizedCommand
    group_class = type  # subgroups are of this same class

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if pieces and pieces[-1] == self.subcommand_metavar:
            pieces[-1] = _(self.subcommand_metavar)
        return pieces

    def format_options(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        with _translated_params(self, ctx):
            click.Command.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)


# ---------------------------------------------------------------- errors click raises itself

_CLICK_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Got unexpected extra arguments? \((?P<args>.*)\)"), N_("Unexpected extra argument: {args}")),
    (re.compile(r"Option '(?P<name>[^']+)' requires an argument\."), N_("Option {name} needs a value.")),
    (re.compile(r"Option '(?P<name>[^']+)' does not take a value\."), N_("Option {name} takes no value.")),
    (re.compile(r"Missing command\."), N_("Missing command.")),
    (re.compile(r"'?(?P<value>.*?)'? is not a valid integer( range)?\."), N_("'{value}' is not a whole number.")),
    (re.compile(r"'?(?P<value>.*?)'? is not a valid float( range)?\."), N_("'{value}' is not a number.")),
    (re.compile(r"'(?P<value>.*)' is not one of (?P<choices>.*)\."), N_("'{value}' is not one of {choices}.")),
    (re.compile(r"'(?P<value>.*)' is not (?P<choices>'[^']*')\."), N_("'{value}' is not one of {choices}.")),
    (re.compile(r"(File|Directory|Path) '(?P<value>.*)' does not exist\."), N_("'{value}' does not exist.")),
    (re.compile(r"(File|Directory|Path) '(?P<value>.*)' is a file\."), N_("'{value}' is a file, not a folder.")),
    (re.compile(r"(File|Directory|Path) '(?P<value>.*)' is a directory\."), N_("'{value}' is a folder, not a file.")),
)


def _translate_click_text(text: str) -> str:
    for pattern, msgid in _CLICK_PATTERNS:
        m = pattern.fullmatch(text.strip())
        if m:
            return _(msgid).format(**m.groupdict())
    return text


def _hint(exc: click.BadParameter) -> str:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx)
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(hint)
    return hint or ""


def error_message(exc: click.ClickException) -> str:
    """A click error's message in the user's language (ours are translated already)."""
    no_such_command = getattr(click.exceptions, "NoSuchCommand", ())
    if isinstance(exc, click.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "parameter")
        msgid = {"argument": N_("Missing argument {name}."), "option": N_("Missing option {name}.")}.get(
            kind, N_("Missing parameter {name}."))
        return _(msgid).format(name=_hint(exc))
    if isinstance(exc, click.BadParameter):
        inner = _translate_click_text(exc.message)
        hint = _hint(exc)
        return _("Invalid value for {name}: {message}").format(name=hint, message=inner) if hint else inner
    if isinstance(exc, click.NoSuchOption):
        text = _("No such option: {name}").format(name=exc.option_name)
    elif no_such_command and isinstance(exc, no_such_command):
        text = _("No such command: {name}").format(name=exc.command_name)
    elif isinstance(exc, click.UsageError):
        return _translate_click_text(exc.message)
    else:
        return exc.format_message()
    if exc.possibilities:
        text += " " + _("Did you mean: {names}?").format(names=", ".join(sorted(exc.possibilities)))
    return text


def show_error(exc: click.ClickException) -> None:
    """Print a click error the way click does, in the user's language."""
    if isinstance(exc, click.UsageError) and exc.ctx is not None:
        ctx = exc.ctx
        usage = ctx.get_usage()
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} --help' for help.").format(command=ctx.command_path) + "\n"
        click.echo(f"{usage}\n{hint}", err=True, color=ctx.color)
    click.echo(_("Error: {message}").format(message=error_message(exc)), err=True)


def run_standalone(group: click.Group, args, prog_name, complete_var, extra) -> None:
    """click's standalone mode (print errors, exit with their code), with messages translated."""
    try:
        rv = click.Group.main(group, args, prog_name, complete_var, standalone_mode=False, **extra)
    except click.exceptions.Abort:
        click.echo(_("Aborted!"), err=True)
        sys.exit(1)
    except click.ClickException as exc:
        show_error(exc)
        sys.exit(exc.exit_code)
    sys.exit(rv if isinstance(rv, int) else 0)
