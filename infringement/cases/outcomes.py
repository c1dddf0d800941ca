"""What a case achieved and cost: listings taken down, sellers dealt with, goods seized, damages
and costs awarded, costs spent. Outcomes are added (each in the history), never edited."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, col, select

from coverage.messages import msg
from infringement.cases.changes import claim, log
from infringement.cases.errors import CaseRefused
from infringement.cases.models import Case, CaseOutcome

OUTCOME_KINDS = ("takedown", "seller", "seized", "damages", "costs_awarded", "costs_spent")
COUNTED = frozenset({"takedown", "seller"})  # a number of listings or sellers
MONEY = frozenset({"damages", "costs_awarded", "costs_spent"})  # an amount of money
# seized: a quantity of goods and/or their value
CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_AMOUNT = Decimal("1e13")


def _amount(text: str | float | None) -> float | None:
    if text is None or str(text).strip() == "":
        return None
    try:
        value = Decimal(str(text).strip().replace(",", ""))
    except InvalidOperation:
        raise CaseRefused(msg("amount: %(value)s is not a number", value=str(text))) from None
    if not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
        raise CaseRefused(msg("amount: %(value)s must be 0 or more", value=str(text)))
    return float(value)


def _quantity(value: int | str | None) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if not text.isdigit() or int(text) > 10**9:
        raise CaseRefused(msg("quantity: %(value)s must be a whole number from 0", value=text))
    return int(text)


def _check(kind: str, quantity: int | None, amount: float | None, currency: str | None) -> None:
    if kind not in OUTCOME_KINDS:
        raise CaseRefused(
            msg(
                "unknown outcome %(kind)s: one of %(kinds)s",
                kind=kind,
                kinds=", ".join(OUTCOME_KINDS),
            )
        )
    if kind in COUNTED and not quantity:
        raise CaseRefused(msg("%(kind)s needs a quantity of 1 or more", kind=kind))
    if kind in MONEY and amount is None:
        raise CaseRefused(msg("%(kind)s needs an amount", kind=kind))
    if kind == "seized" and not quantity and amount is None:
        raise CaseRefused(msg("seized needs a quantity of goods or their value"))
    if amount is not None and (currency is None or not CURRENCY.match(currency)):
        raise CaseRefused(msg("currency: three capital letters (ISO 4217), e.g. CNY"))


def add_outcome(
    session: Session,
    case: Case,
    *,
    kind: str,
    on: dt.date,
    user: str,
    now: dt.datetime,
    quantity: int | str | None = None,
    amount: float | str | None = None,
    currency: str | None = "CNY",
    note: str | None = None,
    expected_version: int | None = None,
) -> CaseOutcome:
    """Record an outcome of `case`; raise CaseRefused saying what is missing or wrong."""
    count, money = _quantity(quantity), _amount(amount)
    code = (currency or "").strip().upper() or None
    _check(kind, count, money, code)
    text = (note or "").strip() or None
    if text is not None and len(text) > 1000:
        raise CaseRefused(msg("note: at most %(num)s characters", num=1000))
    claim(session, case, now=now, expected=expected_version)
    assert case.id is not None
    row = CaseOutcome(
        case_id=case.id,
        kind=kind,
        on=on,
        quantity=count,
        amount=money,
        currency=code if money is not None else None,
        note=text,
        recorded_by=user,
        recorded_at=now,
    )
    session.add(row)
    session.flush()
    after = {
        "id": row.id,
        "kind": kind,
        "on": on.isoformat(),
        "quantity": count,
        "amount": money,
        "currency": row.currency,
        "note": text,
    }
    log(session, case, user=user, action="outcome added", now=now, after=after)
    return row


def list_outcomes(session: Session, case_id: int) -> list[CaseOutcome]:
    """Return the outcomes of `case_id`, oldest first."""
    query = select(CaseOutcome).where(CaseOutcome.case_id == case_id)
    return list(session.exec(query.order_by(col(CaseOutcome.on), col(CaseOutcome.id))).all())
