"""The pages people read: calls, one call, case, report. Every GET only reads."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from .. import db as database
from ..categories import IDS as CATEGORIES
from ..errors import EvidenceError
from ..i18n import _
from . import features, queries


def _case_fields() -> list[tuple[str, str]]:
    return [("name", _("Your name")), ("phone", _("Your phone number")),
            ("lender", _("Lender (bank or company, full name)")), ("platform", _("Loan app or platform")),
            ("collector_company", _("Collection company"))]

REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
              "form-action 'none'; frame-ancestors 'self'")


def _render(request: Request, name: str, **context) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, {
        "csrf": request.app.state.keys.csrf, "categories": CATEGORIES, "features": features.available(),
        "message": request.query_params.get("msg"), "error": request.query_params.get("error"), **context})


def calls_page(request: Request) -> Response:
    """GET /: every recording, newest first, with filters."""
    month = request.query_params.get("month") or None
    number = request.query_params.get("number") or None
    category = request.query_params.get("category") or None
    if category and category not in CATEGORIES:
        category = None
    error = None
    try:
        rows = queries.calls(month, number, category)
    except EvidenceError as exc:
        rows, error = [], str(exc)
    return _render(request, "calls.html", rows=rows, months=queries.months(), month=month, number=number,
                   category=category, filter_error=error, page="calls")


def call_page(request: Request) -> Response:
    """GET /call/{id}: the player, the transcript and the flags of one call."""
    data = queries.call_page(request.path_params["recording_id"])
    if data is None:
        raise HTTPException(404, _("No such recording."))
    selected = request.query_params.get("f")
    return _render(request, "call.html", data=data, call=data.call, selected=selected, page="calls")


def case_page(request: Request) -> Response:
    """GET /case: the complainant's details and the companies involved."""
    values: dict[str, str] = {}
    if features.available()["case"]:
        from dataclasses import asdict

        from .. import case as case_mod

        with database.read_only():
            values = {k: v or "" for k, v in asdict(case_mod.load_case()).items()}
    fields = [(name, label) for name, label in _case_fields() if not values or name in values]
    return _render(request, "case.html", case_fields=fields, case_values=values, page="case")


def report_page(request: Request) -> Response:
    """GET /report: the month's report, the packet button and `verify` results."""
    months = queries.months()
    month = request.query_params.get("month") or (months[0] if months else None)
    verify = None
    if request.query_params.get("verify"):
        from ..trust.verify import verify_store

        with database.read_only():
            verify = verify_store()
    packet_check = None
    packet = request.query_params.get("packet")
    if packet:
        packet_check = _packet_check(packet)
    return _render(request, "report.html", months=months, month=month, verify=verify, packet=packet,
                   packet_check=packet_check, page="report")


def _packet_check(name: str):
    """Verify a packet this server wrote, found by its folder name under packets/ (never a path)."""
    from ..trust.verify import verify_packet
    from .actions import packets_folder

    folder = packets_folder() / name
    if "/" in name or name.startswith(".") or not folder.is_dir():
        return None
    return folder, verify_packet(folder)


def report_view(request: Request) -> Response:
    """GET /report/view?month=: the month's report, as `evidence report --format html` writes it."""
    from ..reports import data as report_data
    from ..reports import periods
    from ..reports import render as report_render

    try:
        period = periods.month(request.query_params.get("month") or None)
    except EvidenceError as exc:
        raise HTTPException(400, str(exc)) from None
    with database.read_only():
        report = report_data.build(period)
        text = report_render.render(report, "html")
    return HTMLResponse(text, headers={"content-security-policy": REPORT_CSP})
