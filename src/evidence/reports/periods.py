"""Report periods: --month YYYY-MM (default this month) or --from/--to dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..errors import BadArgument
from ..i18n import _


@dataclass(frozen=True)
class Period:
    start: dt.datetime  # inclusive
    end: dt.datetime  # exclusive
    label: str


def month(text: str | None, today: dt.date | None = None) -> Period:
    """The calendar month YYYY-MM (this month when text is empty)."""
    if not text:
        today = today or dt.date.today()
        text = f"{today.year:04d}-{today.month:02d}"
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if not m or not 1 <= int(m[2]) <= 12:
        raise BadArgument(_("'{text}' is not a month; write it as YYYY-MM, e.g. 2026-11").format(text=text))
    year, mon = int(m[1]), int(m[2])
    start = dt.datetime(year, mon, 1)
    end = dt.datetime(year + (mon == 12), mon % 12 + 1, 1)
    return Period(start, end, f"{year:04d}-{mon:02d}")


def between(start: str | None, end: str | None) -> Period:
    """From one date to another, both included (YYYY-MM-DD; open ends reach back and to today)."""
    def parse(value: str, name: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise BadArgument(_("--{name} '{value}' is not a date; write it as YYYY-MM-DD").format(
                name=name, value=value)) from None

    lo = parse(start, "from") if start else dt.date(1970, 1, 1)
    hi = parse(end, "to") if end else dt.date.today()
    if hi < lo:
        raise BadArgument(_("--to {to} is before --from {start}").format(to=hi, start=lo))
    return Period(dt.datetime.combine(lo, dt.time()), dt.datetime.combine(hi + dt.timedelta(days=1), dt.time()),
                  f"{lo.isoformat()} – {hi.isoformat()}")


def all_dates() -> Period:
    """Every call ever filed (for `report --caller` without a period)."""
    return Period(dt.datetime(1970, 1, 1), dt.datetime(9999, 1, 1), "全部日期")


NIGHT_FROM, NIGHT_UNTIL = 22, 8  # calls outside 08:00-22:00 break the collection rules


def is_night(when: dt.datetime) -> bool:
    """The one night rule: a call starting at or after 22:00 or before 08:00."""
    return when.hour >= NIGHT_FROM or when.hour < NIGHT_UNTIL
