"""Edit the watch terms: a brand's aliases, extra watched terms and exclusions."""

from __future__ import annotations

import datetime as dt
import unicodedata

from sqlmodel import Session, col, select

from coverage.messages import Message, msg
from coverage.models import Trademark, WatchTerm, WatchTermKind

MAX_TERM = 300


class TermRefused(ValueError):
    """A watch term that cannot be added: why, in words a user can act on (a Message)."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def brands(session: Session) -> list[str]:
    """The brands of the portfolio's trademarks, sorted."""
    return sorted(set(session.exec(select(Trademark.brand)).all()))


def list_terms(session: Session, brand: str | None = None) -> list[WatchTerm]:
    query = select(WatchTerm).order_by(
        col(WatchTerm.brand), col(WatchTerm.kind), col(WatchTerm.text)
    )
    if brand:
        query = query.where(WatchTerm.brand == brand)
    return list(session.exec(query).all())


def add_term(
    session: Session, *, brand: str, kind: str, text: str, note: str | None = None
) -> WatchTerm:
    """Add a watch term of a known brand (not committed); refuse blanks, repeats, unknowns."""
    clean = unicodedata.normalize("NFC", text).strip()
    if not clean:
        raise TermRefused(msg("write the term: it is empty"))
    if len(clean) > MAX_TERM:
        raise TermRefused(msg("a term is at most %(num)s characters", num=MAX_TERM))
    if any(unicodedata.category(ch) == "Cc" for ch in clean):
        raise TermRefused(msg("the term holds control characters"))
    if kind not in {k.value for k in WatchTermKind}:
        raise TermRefused(msg("unknown kind %(kind)s: alias, term or exclusion", kind=repr(kind)))
    if brand not in brands(session):
        raise TermRefused(
            msg("no trademark of brand %(brand)s in the portfolio", brand=repr(brand))
        )
    exists = session.exec(
        select(WatchTerm).where(
            WatchTerm.brand == brand, WatchTerm.kind == kind, WatchTerm.text == clean
        )
    ).first()
    if exists is not None:
        raise TermRefused(
            msg(
                "%(brand)s already has the %(kind)s %(text)s",
                brand=brand,
                kind=kind,
                text=repr(clean),
            )
        )
    term = WatchTerm(
        brand=brand,
        kind=WatchTermKind(kind),
        text=clean,
        note=(note or "").strip()[:500] or None,
        created_at=dt.datetime.now(dt.UTC),
    )
    session.add(term)
    return term


def remove_term(session: Session, term_id: int) -> WatchTerm | None:
    """Delete a watch term (not committed); None when there is no such term."""
    term = session.get(WatchTerm, term_id)
    if term is not None:
        session.delete(term)
    return term
