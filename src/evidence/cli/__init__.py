"""The `evidence` command line: parses arguments, calls the core, formats output.

The root group and the error boundary live here; the commands live in modules grouped by noun
(ingest_cmds, records_cmds, report_cmds, trust_cmds, lexicon_cmds, models_cmds) and import
nothing heavy at module level, so `evidence --help` starts fast.
"""

from __future__ import annotations

import click

from ..errors import EvidenceError


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


# The command modules register themselves on `cli`; imported after it exists.
from . import (  # noqa: E402
    edit_cmds,  # noqa: F401
    ingest_cmds,  # noqa: F401
    lexicon_cmds,  # noqa: F401
    models_cmds,  # noqa: F401
    records_cmds,  # noqa: F401
    report_cmds,  # noqa: F401
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
