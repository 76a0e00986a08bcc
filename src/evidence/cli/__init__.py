"""The `evidence` command line: parses arguments, calls the core, formats output.

The root group and the error boundary live here; the commands live in modules grouped by noun
(ingest_cmds, records_cmds, report_cmds, trust_cmds, lexicon_cmds, models_cmds) and import
nothing heavy at module level, so `evidence --help` starts fast.
"""

from __future__ import annotations

import click

from ..errors import EvidenceError, one_line, storage_error
from ..i18n import N_
from .localized import LocalizedGroup, run_standalone


class EvidenceGroup(LocalizedGroup):
    """Turns domain errors into a one-line message and a non-zero exit; bugs keep their traceback.
    Help and click's own messages are shown in the user's language (see localized.py)."""

    group_class = type  # `@cli.group()` makes EvidenceGroups: the same error boundary and language

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except EvidenceError as exc:
            raise click.ClickException(one_line(str(exc))) from None
        except Exception as exc:  # a damaged or busy database, a full disk: one line, not a traceback
            from .. import paths

            mapped = storage_error(exc, str(paths.resolve().database))
            if mapped is None:
                raise
            raise click.ClickException(one_line(str(mapped))) from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        run_standalone(self, args, prog_name, complete_var, extra)


@click.group(cls=EvidenceGroup, help=N_(
    "File debt-collection call recordings as evidence: transcribe, flag, report.\n\n"
    "Everything runs on this machine; nothing is sent anywhere.\n\n"
    "\b\nExamples:\n"
    "  evidence ingest \"通话录音@张三(13800138000)_20261103143022.mp3\"\n"
    "  evidence ingest ~/CallRecordings/\n"
    "  evidence list\n"
    "  evidence report --month 2026-11"))
@click.version_option(package_name="evidence", message="%(prog)s %(version)s",
                      help=N_("Show the version and exit."))
def cli() -> None:
    """The root group: see the help text above."""


# The command modules register themselves on `cli`; imported after it exists.
from . import (  # noqa: E402
    edit_cmds,  # noqa: F401
    ingest_cmds,  # noqa: F401
    lexicon_cmds,  # noqa: F401
    models_cmds,  # noqa: F401
    records_cmds,  # noqa: F401
    report_cmds,  # noqa: F401
    serve_cmds,  # noqa: F401
    speaker_cmds,  # noqa: F401
    trust_cmds,  # noqa: F401
)


def main() -> None:
    """The `evidence` console script."""
    import os

    os.umask(0o077)  # everything written is private: recordings hold family and financial details
    cli(prog_name="evidence")


if __name__ == "__main__":
    main()
