"""The complainant's case: their own name and phone, and who the debt is with (lender, platform,
collection company), for the complaint forms; and which institution each calling number belongs to.

Stored only in the local database; no log entry holds the values, only their hashes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import select

from . import db as database
from .db.models import CaseDetails, NumberInstitution
from .errors import BadArgument
from .i18n import _
from .trust import chain


@dataclass(frozen=True)
class Case:
    """The complainant's details; every field optional."""

    name: str | None = None
    phone: str | None = None
    lender: str | None = None
    platform: str | None = None
    collector_company: str | None = None

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def institutions(self) -> list[str]:
        """Lender, platform and collection company, each once, in that order."""
        out: list[str] = []
        for value in (self.lender, self.platform, self.collector_company):
            if value and value not in out:
                out.append(value)
        return out

    def is_bank_credit_card(self) -> bool:
        """Whether the lender is a bank's credit card (the 信用卡办法 applies only then)."""
        lender = self.lender or ""
        return "信用卡" in lender or ("银行" in lender)


CASE_FIELDS = tuple(f.name for f in fields(Case))


def load_case() -> Case:
    """The stored case details (all None when nothing was saved)."""
    with database.read_session() as s:
        row = s.scalar(select(CaseDetails).order_by(CaseDetails.id).limit(1))
        if row is None:
            return Case()
        return Case(**{name: getattr(row, name) for name in CASE_FIELDS})


def save_case(**values: str | None) -> Case:
    """Store case details: pass any of name, phone, lender, platform, collector_company.

    A field left out (or None) keeps its stored value; an empty string clears it. Returns the
    details now stored. The change is logged with hashes only.
    """
    unknown = set(values) - set(CASE_FIELDS)
    if unknown:
        raise BadArgument(_("unknown case field(s): {names}; known: {known}")
                          .format(names=", ".join(sorted(unknown)), known=", ".join(CASE_FIELDS)))
    with database.session() as s, s.begin():
        row = s.scalar(select(CaseDetails).order_by(CaseDetails.id).limit(1))
        if row is None:
            row = CaseDetails(updated_at=dt.datetime.now().replace(microsecond=0))
            s.add(row)
        for name, value in values.items():
            if value is not None:
                setattr(row, name, " ".join(value.split()) or None)
        row.updated_at = dt.datetime.now().replace(microsecond=0)
        s.flush()
        stored = Case(**{name: getattr(row, name) for name in CASE_FIELDS})
        chain.append(s, "case", {"fields": {n: chain.sha(v) if (v := getattr(stored, n)) else None
                                            for n in CASE_FIELDS}})
        return stored


def assign_institution(number: str, institution: str) -> tuple[str, str | None]:
    """Say which institution a calling number belongs to (empty institution: forget it).

    Returns (normalised number, institution or None). Frequency findings then count that number's
    calls together with every other number of the same institution.
    """
    from .ingest.callmeta import parse_caller

    normalised = parse_caller(number)
    name = " ".join(institution.split())
    with database.session() as s, s.begin():
        row = s.get(NumberInstitution, normalised)
        if not name:
            if row is not None:
                s.delete(row)
        elif row is None:
            s.add(NumberInstitution(number=normalised, institution=name,
                                    assigned_at=dt.datetime.now().replace(microsecond=0)))
        else:
            row.institution, row.assigned_at = name, dt.datetime.now().replace(microsecond=0)
        s.flush()
        chain.append(s, "number", {"number_sha256": chain.sha(normalised),
                                   "institution_sha256": chain.sha(name) if name else None})
    return normalised, name or None


def number_institutions() -> dict[str, str]:
    """Every number a person assigned to an institution: number → institution."""
    with database.read_session() as s:
        return {r.number: r.institution for r in s.scalars(
            select(NumberInstitution).order_by(NumberInstitution.number)).all()}
