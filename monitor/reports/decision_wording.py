"""What needs a decision, worded as actions in the current locale, from the `decisions` of the
figures (docs/report-figures.md): file, renew, patent, case, oppose. Plain text, no markup."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from monitor.reports.labels import (
    PATENT_DEADLINE_KINDS,
    date_text,
    label,
    list_sep,
    locale_code,
    market_name,
    paren,
    route_label,
    stage_label,
)

_TITLE_CHARS = 60  # a case title is the user's text: long ones are cut in a one-line decision
_MARKETS = 3  # markets named in a filing; the rest are counted


def decision_lines(figures: Mapping[str, Any], limit: int = 3) -> list[str]:
    """The `limit` most urgent decisions (the figures list them most urgent first) as actions."""
    decisions = [d for d in figures.get("decisions") or [] if isinstance(d, Mapping)]
    gaps = [g for g in figures.get("top_gaps") or [] if isinstance(g, Mapping)]
    return [decision_line(d, gaps) for d in decisions[: max(limit, 0)]]


def decision_line(decision: Mapping[str, Any], gaps: Sequence[Mapping[str, Any]] = ()) -> str:
    """One decision as an action: what to do, about what, why and by when."""
    kind = str(decision.get("kind") or "")
    if kind == "file":
        return _file_line(decision, gaps)
    if kind == "renew":
        right = _right(decision)
        if decision.get("grace"):
            due = date_text(decision.get("due"))
            return _("Renew %(right)s within its grace period, by %(due)s", right=right, due=due)
        return by(_("Renew %(right)s", right=right), decision)
    if kind == "patent":
        return by(_patent_action(decision), decision)
    if kind == "case":
        return _case_line(decision)
    if kind == "oppose":
        number = " ".join(
            str(decision.get(k) or "") for k in ("office", "application_no") if decision.get(k)
        )
        mark = str(decision.get("mark") or "")
        text = (
            _("Oppose '%(mark)s' (%(number)s)", mark=mark, number=number)
            if number
            else _("Oppose '%(mark)s'", mark=mark)
        )
        return by(text, decision)
    return by(_("Decide on: %(kind)s", kind=kind or "?"), decision)


def short_decision(decision: Mapping[str, Any]) -> str:
    """A decision in a few words, for the summary's last sentence."""
    kind = str(decision.get("kind") or "")
    if kind == "file":
        markets, classes = _filing_markets(decision), _filing_classes(decision)
        where = market_name(markets[0] if markets else None, locale_code())
        if len(markets) > 1:
            where = _("%(market)s and %(num)s more markets", market=where, num=len(markets) - 1)
        return _(
            "file %(brand)s in %(markets)s for %(classes)s",
            brand=str(decision.get("brand") or ""),
            markets=where,
            classes=_classes_text(classes),
        )
    if kind == "renew":
        return by(_("renew %(right)s", right=str(decision.get("right") or "")), decision)
    if kind == "patent":
        return by(_("act on patent %(patent)s", patent=str(decision.get("patent") or "")), decision)
    if kind == "case":
        return by(_("decide on case #%(id)s", id=str(decision.get("case_id") or "?")), decision)
    if kind == "oppose":
        return by(_("oppose '%(mark)s'", mark=str(decision.get("mark") or "")), decision)
    return kind


def by(text: str, decision: Mapping[str, Any]) -> str:
    """`text` followed by its due date when the decision has one."""
    if not decision.get("due"):
        return text
    return _("%(text)s by %(due)s", text=text, due=date_text(decision.get("due")))


def _right(decision: Mapping[str, Any]) -> str:
    right, brand = str(decision.get("right") or ""), str(decision.get("brand") or "")
    return right + paren(brand, locale_code()) if brand else right


def _file_line(decision: Mapping[str, Any], gaps: Sequence[Mapping[str, Any]]) -> str:
    lang = locale_code()
    markets, classes = _filing_markets(decision), _filing_classes(decision)
    names = [market_name(m, lang) for m in markets[:_MARKETS]]
    if len(markets) > _MARKETS:
        names.append(_("%(num)s more", num=len(markets) - _MARKETS))
    products = int(decision.get("products") or 0)
    what = str(decision.get("brand") or "")
    if products:
        what += ("，" if lang == "zh" else ", ") + ngettext(
            "%(num)d product", "%(num)d products", products
        )
    text = _(
        "File in %(markets)s for %(classes)s (%(what)s)",
        markets=list_sep(lang).join(names) or "?",
        classes=_classes_text(classes),
        what=what,
    )
    status = _gap_status(decision, gaps) if len(markets) == len(classes) == 1 else None
    if status == "missing":
        text += " — " + _("no trademark there yet")
    elif status == "lapsed":
        text += " — " + _("the trademark there has lapsed")
    route = decision.get("route")
    if route == "madrid":
        text += _separator() + _("through the Madrid system")
    elif route == "regional" and decision.get("office"):
        office = market_name(decision.get("office"), lang)
        text += _separator() + _("through a regional filing at %(office)s", office=office)
    elif route == "direct":
        text += _separator() + _("directly at the national office")
    return text


def _filing_markets(decision: Mapping[str, Any]) -> list[str]:
    return [str(m) for m in decision.get("markets") or [decision.get("market")] if m]


def _filing_classes(decision: Mapping[str, Any]) -> list[str]:
    return [str(c) for c in decision.get("classes") or [decision.get("nice_class")] if c]


def _classes_text(classes: list[str]) -> str:
    """ "class 8" / "classes 7, 9" (第 8 类)."""
    listed = ", ".join(classes) or "?"
    return ngettext("class %(list)s", "classes %(list)s", max(len(classes), 1), list=listed)


def _gap_status(decision: Mapping[str, Any], gaps: Sequence[Mapping[str, Any]]) -> str | None:
    """The status of the top gap the filing would close (missing or lapsed), when listed."""
    for gap in gaps:
        same = (gap.get("brand"), gap.get("market"), str(gap.get("nice_class"))) == (
            decision.get("brand"),
            decision.get("market"),
            str(decision.get("nice_class")),
        )
        if same:
            return str(gap.get("status") or "") or None
    return None


def _patent_action(decision: Mapping[str, Any]) -> str:
    patent, deadline = str(decision.get("patent") or ""), str(decision.get("deadline") or "")
    if deadline == "annuity":
        return _("Pay the annuity of %(patent)s", patent=patent)
    if deadline == "annuity_late":
        return _("Pay the late annuity of %(patent)s, with surcharge", patent=patent)
    if deadline == "national_phase":
        return _("Enter the PCT national phase for %(patent)s", patent=patent)
    if deadline == "national_phase_late":
        return _("Enter the PCT national phase for %(patent)s late, with fee", patent=patent)
    what = label(PATENT_DEADLINE_KINDS, deadline) if deadline else "?"
    return _("Act on patent %(patent)s (%(deadline)s)", patent=patent, deadline=what)


def _situation(route: str, stage: str) -> str:
    """The situation a case is in while it waits at `stage` for the company's decision."""
    if stage == "rejected":
        if route in ("opposition",):
            return _("the opposition was rejected")
        return _("the complaint was rejected")
    situations = {
        "counter_notice": _("a counter-notice came in"),
        "no_response": _("no response to the letter"),
        "response_received": _("the other side has responded"),
        "maintained": _("the mark was maintained"),
        "judgment": _("a judgment was given"),
        "declined": _("the police declined the referral"),
        "detention_notice": _("customs have detained goods"),
    }
    return situations.get(stage) or _("at stage “%(stage)s”", stage=stage_label(stage))


def _case_line(decision: Mapping[str, Any]) -> str:
    title = " ".join(str(decision.get("title") or "").split())
    if len(title) > _TITLE_CHARS:
        title = title[: _TITLE_CHARS - 1] + "…"
    route = route_label(decision.get("route"))
    about = ("，" if locale_code() == "zh" else ", ").join(t for t in (title, route) if t)
    head = _(
        "Decide on case #%(id)s (%(about)s)", id=str(decision.get("case_id") or "?"), about=about
    )
    stage = str(decision.get("stage") or "")
    options = [str(s) for s in decision.get("next") or []]
    if stage == "counter_notice" and set(options) <= {"suit_filed", "lifted"}:
        choice = _("sue or let the takedown be lifted")
    elif options:
        choice = _("next: %(options)s", options=" / ".join(stage_label(s) for s in options))
    else:
        choice = ""
    text = _(
        "%(head)s: %(situation)s",
        head=head,
        situation=_situation(str(decision.get("route") or ""), stage),
    )
    if choice:
        text += _separator() + choice
    return by(text, decision)


def _separator() -> str:
    return "；" if locale_code() == "zh" else "; "
