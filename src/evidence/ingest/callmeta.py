"""Caller number, contact name and call start time from the names phones give recordings.

Conventions (DOMAIN.md): Xiaomi `通话录音@张三(13800138000)_20231103143022.mp3`, Huawei/Honor
`张三@13800138000_20231103143022.amr`, vivo `19145520861 2019-05-16 10-06-40.amr`, OPPO
`Papa-2512232146.mp3` (yyMMddHHmm), Samsung `Call recording +8613800138000_200605_114902.m4a`,
and plain `number_yyyyMMddHHmmss` / `number yyyyMMdd HHmmss` / `number yyyy-MM-dd HH-mm-ss`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..errors import BadArgument
from ..i18n import _


@dataclass(frozen=True)
class CallMeta:
    caller: str | None
    contact: str | None
    call_start: dt.datetime | None
    convention: str | None  # which naming convention matched, for display


_PHONE_CHARS = r"[+\d][\d \-]{2,}\d"

# Timestamp forms, most specific first. Each yields (year, month, day, hour, minute, second).
_STAMPS: list[tuple[str, re.Pattern[str]]] = [
    ("yyyy-MM-dd HH-mm-ss", re.compile(
        r"(?<!\d)(20\d\d)[-_.](\d\d)[-_.](\d\d)[ _T-](\d\d)[-_.:](\d\d)[-_.:](\d\d)(?!\d)")),
    ("yyyyMMddHHmmss", re.compile(r"(?<!\d)(20\d\d)(\d\d)(\d\d)[_ -]?(\d\d)(\d\d)(\d\d)(?!\d)")),
    ("yyMMdd_HHmmss", re.compile(r"(?<!\d)(\d\d)(\d\d)(\d\d)_(\d\d)(\d\d)(\d\d)(?!\d)")),
    ("yyMMddHHmm", re.compile(r"(?<![\d+])(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)()$")),
]

_XIAOMI = re.compile(r"^通话录音@(?P<who>.+?)\((?P<num>[^)]*)\)")
_PAREN_NUMBER = re.compile(r"^(?P<who>.*?)\((?P<num>" + _PHONE_CHARS + r")\)")
_HUAWEI = re.compile(r"^(?P<who>[^@]+)@(?P<num>" + _PHONE_CHARS + r")(?=[_ ])")
_SAMSUNG = re.compile(r"^Call recording (?P<who>.+?)_\d{6}_\d{6}$", re.IGNORECASE)
_OPPO = re.compile(r"^(?P<who>.+?)-\d{10}$")
_BARE_NUMBER = re.compile(r"(?<![\d])(?P<num>(?:\+|00)?\d[\d \-]{3,}\d)(?![\d])")


def normalise_number(raw: str) -> str | None:
    """Digits only, without the +86/0086 country prefix; None when it is not a phone number."""
    digits = re.sub(r"[\s\-()]", "", raw)
    if digits.startswith("+"):
        digits = digits[1:]
        if digits.startswith("86"):
            digits = digits[2:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13 and digits[2] == "1":
        digits = digits[2:]
    if not digits.isdigit() or not 5 <= len(digits) <= 15:
        return None
    return digits


def _stamp(stem: str) -> tuple[dt.datetime | None, tuple[int, int] | None, str | None]:
    for name, pattern in _STAMPS:
        for match in pattern.finditer(stem):
            parts = [int(p) if p else 0 for p in match.groups()]
            if parts[0] < 100:
                parts[0] += 2000
            try:
                return dt.datetime(*parts), match.span(), name
            except ValueError:
                continue
    return None, None, None


def _is_number(text: str) -> bool:
    return normalise_number(text) is not None and not re.search(r"[^\d+\s\-()]", text)


def parse_filename(filename: str) -> CallMeta:
    """Parse a recording's file name. Fields it cannot find are None."""
    stem = filename.rsplit("/", 1)[-1]
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    stem = stem.strip()
    when, span, stamp_name = _stamp(stem)
    caller = contact = None
    convention = None
    if m := _XIAOMI.match(stem):
        convention = "Xiaomi"
        caller = normalise_number(m["num"])
        contact = None if _is_number(m["who"]) else m["who"].strip()
    elif m := _SAMSUNG.match(stem):
        convention = "Samsung"
        who = m["who"].strip()
        if _is_number(who):
            caller = normalise_number(who)
        else:
            contact = who
    elif m := _HUAWEI.match(stem):
        convention = "Huawei/Honor"
        caller = normalise_number(m["num"])
        contact = m["who"].strip()
    elif m := _PAREN_NUMBER.match(stem):
        convention = "name(number)"
        caller = normalise_number(m["num"])
        who = m["who"].strip(" _-")
        contact = None if not who or _is_number(who) else who
    elif stamp_name == "yyMMddHHmm" and (m := _OPPO.match(stem)):
        convention = "OPPO"
        who = m["who"].strip()
        if _is_number(who):
            caller = normalise_number(who)
        else:
            contact = who
    if caller is None:
        rest = stem if span is None else stem[: span[0]] + " " + stem[span[1]:]
        for m in _BARE_NUMBER.finditer(rest):
            caller = normalise_number(m["num"])
            if caller:
                convention = convention or ("vivo" if stamp_name == "yyyy-MM-dd HH-mm-ss" else "number+time")
                break
    if convention is None and when is not None:
        convention = stamp_name
    return CallMeta(caller=caller, contact=contact, call_start=when, convention=convention)


def parse_when(text: str) -> dt.datetime:
    """Parse a user-given call time (--when): '2026-11-03 14:30', '2026-11-03T14:30:22'."""
    cleaned = text.strip().replace("/", "-")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M",
                "%Y%m%d%H%M%S", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
    raise BadArgument(_("cannot read '{text}' as a time; write it like 2026-11-03 14:30").format(text=text))


def parse_caller(text: str) -> str:
    number = normalise_number(text)
    if number is None:
        raise BadArgument(_("'{text}' is not a phone number").format(text=text))
    return number
