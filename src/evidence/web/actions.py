"""What the page changes. Every handler is a POST checked for the CSRF token and calls the same
core function as the CLI, so each change lands in the hash-chained log. Answers redirect back to
the page (post/redirect/get), with a short message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse

from .. import paths
from ..errors import EvidenceError
from ..i18n import _
from . import features
from .security import CSRF_FIELD, checked_form


def _back(path: str, **params: str | int | None) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return RedirectResponse(path + (f"?{query}" if query else ""), status_code=303)


def _float(value, name: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise HTTPException(400, _("'{name}' must be a number of seconds").format(name=name)) from None


async def review_flag(request: Request) -> RedirectResponse:
    """POST /call/{id}/flags/{flag_id}/review: 确认 or 排除, with an optional note."""
    from ..trust import review

    form = await checked_form(request)
    rec_id, flag_id = request.path_params["recording_id"], request.path_params["flag_id"]
    decision = {"confirm": "confirmed", "dismiss": "dismissed"}.get(str(form.get("decision")))
    if decision is None:
        raise HTTPException(400, _("say confirm or dismiss"))
    note = str(form.get("note") or "").strip() or None
    try:
        await run_in_threadpool(_decide_on_recording, rec_id, flag_id, decision, note, review)
    except EvidenceError as exc:
        return _back(f"/call/{rec_id}", f=flag_id, error=str(exc))
    msg = _("Confirmed.") if decision == "confirmed" else _("Dismissed.")
    return _back(f"/call/{rec_id}", f=flag_id, msg=msg)


def _decide_on_recording(rec_id: int, flag_id: int, decision: str, note: str | None, review) -> None:
    from .. import db as database
    from ..db.models import Flag

    with database.read_only(), database.session() as s:
        flag = s.get(Flag, flag_id)
        if flag is None or flag.recording_id != rec_id:
            raise HTTPException(404, _("No such flag in this recording."))
    review.decide(flag_id, decision, note)


async def add_flag(request: Request) -> RedirectResponse:
    """POST /call/{id}/flags: a flag the machine missed, on the words the person selected."""
    from ..trust.manual_flags import add_manual_flag

    form = await checked_form(request)
    rec_id = request.path_params["recording_id"]
    start, end = _float(form.get("start"), "start"), _float(form.get("end"), "end")
    category = str(form.get("category") or "")
    note = str(form.get("note") or "").strip() or None
    try:
        flag = await run_in_threadpool(add_manual_flag, str(rec_id), start, end, category, note)
    except EvidenceError as exc:
        return _back(f"/call/{rec_id}", error=str(exc))
    return _back(f"/call/{rec_id}", f=flag.id, msg=_("Flag added."))


async def correct_line(request: Request) -> RedirectResponse:
    """POST /call/{id}/lines/{no}: a person's correction of line `no` (1-based, as `evidence show`)."""
    if not features.available()["correct"]:
        raise HTTPException(404, _("Correcting lines is not available in this version."))
    from ..trust.corrections import correct_segment

    form = await checked_form(request)
    rec_id, no = request.path_params["recording_id"], request.path_params["line_no"]
    try:
        await run_in_threadpool(correct_segment, str(rec_id), no, str(form.get("text") or ""))
    except EvidenceError as exc:
        return _back(f"/call/{rec_id}", error=str(exc))
    return _back(f"/call/{rec_id}", msg=_("Line corrected; the machine's text is kept."))


async def edit_metadata(request: Request) -> RedirectResponse:
    """POST /call/{id}/meta: caller, contact and time of the call."""
    if not features.available()["metadata"]:
        raise HTTPException(404, _("Editing call details is not available in this version."))
    from ..trust.corrections import set_metadata

    form = await checked_form(request)
    rec_id = request.path_params["recording_id"]
    # caller and contact as typed (empty clears them); an empty time keeps the stored one
    values = {k: str(form.get(k) or "").strip() for k in ("caller", "contact")}
    values["when"] = str(form.get("when") or "").strip() or None
    try:
        await run_in_threadpool(lambda: set_metadata(str(rec_id), **values))
    except EvidenceError as exc:
        return _back(f"/call/{rec_id}", error=str(exc))
    return _back(f"/call/{rec_id}", msg=_("Call details saved."))


async def save_case(request: Request) -> RedirectResponse:
    """POST /case: the complainant's details and the companies."""
    if not features.available()["case"]:
        raise HTTPException(404, _("Case details are not available in this version."))
    from .. import case as case_mod

    form = await checked_form(request)
    values = {k: str(v).strip() for k, v in form.items() if k != CSRF_FIELD}
    try:
        await run_in_threadpool(lambda: case_mod.save_case(**values))
    except EvidenceError as exc:
        return _back("/case", error=str(exc))
    return _back("/case", msg=_("Case details saved."))


def packets_folder() -> Path:
    """Where the page writes packets: packets/ in the data folder."""
    return paths.resolve().home / "packets"


def _write_packet(month: str) -> Path:
    from ..reports import data as report_data
    from ..reports import periods
    from ..reports.export_log import log_export
    from ..reports.packet import write_packet

    period = periods.month(month)
    data = report_data.build(period)
    folder = packets_folder() / f"{period.label}_{dt.datetime.now():%Y%m%d-%H%M%S}"
    manifest = write_packet(data, folder)
    log_export(data, str(folder), manifest)
    return folder


async def make_packet(request: Request) -> RedirectResponse:
    """POST /report/packet: write the month's evidence packet and show where it is."""
    form = await checked_form(request)
    month = str(form.get("month") or "")
    try:
        folder = await run_in_threadpool(_write_packet, month)
    except EvidenceError as exc:
        return _back("/report", month=month, error=str(exc))
    return _back("/report", month=month, packet=folder.name, msg=_("Packet written."))
