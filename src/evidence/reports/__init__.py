"""Reports: the data (data.py), the formats it is rendered in, the packet, clips and periods.

FORMATS is the one table of report formats. The CLI's --format choices, the files in an evidence
packet and dispatch all come from it, so a new format is one `register_format` call plus its own
render function. Renderers are named as "module:function" and imported on first use, so reading
the table (for --help) costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING

from ..errors import BadArgument
from ..i18n import _

if TYPE_CHECKING:
    from .data import Report


@dataclass(frozen=True)
class RenderContext:
    """What a renderer may need besides the report: legal texts by key, flag id → clip path."""

    legal: dict[str, str] = field(default_factory=dict)
    clips: dict[int, str] = field(default_factory=dict)


Renderer = Callable[["Report", RenderContext], str]


@dataclass(frozen=True)
class Format:
    """One report format: file extension, renderer, and whether (and as what) it joins the packet."""

    extension: str
    render: str | Renderer  # "module:function" (imported lazily) or the function itself
    in_packet: bool = False
    packet_name: str | None = None  # file name inside the packet; default report.<extension>

    def renderer(self) -> Renderer:
        if callable(self.render):
            return self.render
        module, _, name = self.render.partition(":")
        return getattr(import_module(module), name)

    def packet_file(self) -> str:
        return self.packet_name or f"report.{self.extension}"


FORMATS: dict[str, Format] = {}


def register_format(name: str, fmt: Format) -> None:
    """Add a report format (built-ins register themselves below, the same way)."""
    FORMATS[name] = fmt


def get_format(name: str) -> Format:
    """The format called name; an unknown name is a one-line user error."""
    try:
        return FORMATS[name]
    except KeyError:
        raise BadArgument(_("unknown report format '{name}'; choose one of: {value}").format(
            name=name, value=', '.join(FORMATS))) from None


def render_report(report: Report, name: str, ctx: RenderContext | None = None) -> str:
    """Render report in the format called name."""
    return get_format(name).renderer()(report, ctx or RenderContext())


def packet_formats() -> list[Format]:
    """The formats written into an evidence packet, in packet order."""
    return [f for f in FORMATS.values() if f.in_packet]


_R = "evidence.reports.render"
register_format("terminal", Format("txt", f"{_R}:render_terminal"))
register_format("html", Format("html", f"{_R}:render_html", in_packet=True))
register_format("markdown", Format("md", f"{_R}:render_markdown", in_packet=True))
register_format("json", Format("json", f"{_R}:render_json", in_packet=True))
register_format("csv", Format("csv", f"{_R}:render_csv", in_packet=True, packet_name="flags.csv"))
