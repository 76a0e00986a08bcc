"""Exports go into the log: what was written, where, and the hashes of what it held."""

from __future__ import annotations

from pathlib import Path

from .. import db as database
from ..trust import chain
from .data import Report


def log_export(report: Report, target: str, files: dict[str, str]) -> None:
    """Append an export entry: the period, a hash of where it went, the files' hashes, what it held."""
    with database.session() as s, s.begin():
        chain.append(s, "export", {
            "period": report.period.label,
            "target_sha256": chain.sha(target),  # where it went, without writing the path itself
            "files": files,
            "recordings": [c.sha256 for c in report.calls],
            "flags": sum(len(c.flags) for c in report.calls),
        })


def write_report(report: Report, text: str, output: Path) -> None:
    """Write one rendered report to output and log the export with the text's SHA-256."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    log_export(report, str(output), {output.name: chain.sha(text)})
