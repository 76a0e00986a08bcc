"""Report formats. JSON is the contract; the others present the same data for people."""

from __future__ import annotations

import json

from .report_data import CATEGORY_ZH, Report, to_json


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(to_json(report), ensure_ascii=False, indent=1) + "\n"
    return terminal(report)


def terminal(report: Report) -> str:
    s = report.summary
    lines = [f"催收通话证据报告 {report.period.label}   (generated {report.generated_at:%Y-%m-%d %H:%M})",
             f"{s['recordings']} recordings, {s['flagged_recordings']} with findings, {s['flags']} flags"]
    if not report.calls:
        lines.append("No recordings in this period. File some with: evidence ingest FOLDER")
        return "\n".join(lines) + "\n"
    for cat, n in s["by_category"].items():
        lines.append(f"  {CATEGORY_ZH[cat]:8s} {cat:17s} {n}")
    for cat, n in s["call_flags"].items():
        lines.append(f"  {CATEGORY_ZH[cat]}: {n}")
    for c in report.calls:
        extra = "  " + ", ".join(CATEGORY_ZH[f] for f in c.call_flags) if c.call_flags else ""
        lines.append(f"\n{c.call_start:%Y-%m-%d %H:%M:%S}  {c.caller or '?'}"
                     f"{'  ' + c.contact if c.contact else ''}  {c.duration or 0:.0f}s  "
                     f"{c.sha256[:12]}{extra}")
        for f in c.flags:
            lines.append(f"  {f.start:6.1f}s  {CATEGORY_ZH[f.category]:6s} \"{f.text}\"  "
                         f"({f.rule}, {f.match}, {f.confidence:.2f})")
    return "\n".join(lines) + "\n"
