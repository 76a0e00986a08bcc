"""Every command has help text with an example, and --help is quick to load."""

import click
import pytest

from evidence.cli import cli


def commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from commands(cmd, (*prefix, name))


@pytest.mark.parametrize("path,cmd", list(commands(cli)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help_with_an_example(path, cmd):
    assert cmd.help and "evidence " in cmd.help and "Example" in cmd.help, path


def test_help_does_not_import_heavy_libraries():
    import subprocess
    import sys

    code = ("import sys; from evidence.cli import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit: pass\n"
            "heavy = [m for m in ('faster_whisper', 'spacy', 'ctranslate2', 'av') if m in sys.modules]\n"
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("[]")
