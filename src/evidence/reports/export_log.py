"""Exports go into the log: what was written, where, and the hashes of what it held."""

from __future__ import annotations

from .. import db as database
from ..trust import chain
from .data import Report


def log_export(report: Report, target: str, files: dict[str, str]) -> None:
    with database.session() as s, s.begin():
        chain.append(s, "export", {
            "period": report.period.label,
            "target_sha256": chain.sha(target),  # where it went, without writing the path itself
            "files": files,
            "recordings": [c.sha256 for c in report.calls],
            "flags": sum(len(c.flags) for c in report.calls),
        })
