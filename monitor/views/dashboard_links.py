"""Where each figure of the dashboard leads: the existing pages with their own query parameters
(coverage matrix and gaps, patent layout, triage queue, alerts, cases, case deadlines), on the
day the figures are judged. Where no page filters exactly what a figure counts, the link goes to
the closest page rather than invent a parameter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flask import current_app, url_for

from coverage.offices import MARKET_GROUPS, REGIONS, is_country


class Links:
    """The link targets of one month's figures: coverage judged on `as_of`, alerts first seen
    from `first_day` to `as_of`."""

    def __init__(self, *, as_of: dt.date, first_day: dt.date) -> None:
        self.as_of = as_of
        self.first_day = first_day

    def _url(self, endpoint: str, **args: Any) -> str | None:
        if endpoint not in current_app.view_functions:
            return None
        return url_for(endpoint, **{k: v for k, v in args.items() if v not in (None, "")})

    # --- trademark coverage (monitor.query.CoverageQuery: brand, market, region, class, status)

    def matrix(self, **filters: Any) -> str | None:
        """The coverage matrix on `as_of`, with `filters` (brand, market, region, status; `nice_class`
        for the class)."""
        return self._url("coverage.matrix", as_of=self.as_of.isoformat(), **_coverage(filters))

    def gaps(self, **filters: Any) -> str | None:
        """The gap list on `as_of` (with its filing plan and urgent deadlines), with `filters`."""
        return self._url("coverage.gaps", as_of=self.as_of.isoformat(), **_coverage(filters))

    # --- patent layout (monitor.query.LayoutQuery: brand, market, region, status)

    def layout(self, **filters: Any) -> str | None:
        """The patent layout of branded products on `as_of`, with `filters`."""
        return self._url("layout.grid", as_of=self.as_of.isoformat(), **filters)

    def patent_deadlines(self) -> str | None:
        return self._url("layout.deadlines", as_of=self.as_of.isoformat())

    # --- alerts (triage queue: status new|snoozed|dismissed|escalated|all, kind, from, to)

    def queue(self) -> str | None:
        """The alerts waiting for triage."""
        return self._url("triage.queue")

    def alerts_seen(self, **filters: Any) -> str | None:
        """The alerts first seen in the month (up to `as_of`), any status unless `status` says."""
        filters.setdefault("status", "all")
        return self._url(
            "triage.queue",
            **{"from": self.first_day.isoformat(), "to": self.as_of.isoformat()},
            **filters,
        )

    def alerts(self, status: str | None = None) -> str | None:
        """The alert list with that status (the list has no date filter: the closest page for
        alerts triaged in the month)."""
        return self._url("alerts.index", status=status)

    def alert(self, alert_id: object) -> str | None:
        return self._url("alerts.detail", alert_id=alert_id) if alert_id else None

    def monitoring(self) -> str | None:
        return self._url("monitoring.index")

    # --- cases (route, stage, state open|closed)

    def cases(self, **filters: Any) -> str | None:
        """The case list with `filters` (route, stage, state)."""
        return self._url("cases.index", **filters)

    def case(self, case_id: object) -> str | None:
        return self._url("cases.detail", case_id=case_id) if case_id else None

    def case_deadlines(self) -> str | None:
        return self._url("cases.deadlines", as_of=self.as_of.isoformat())

    # --- the rows behind a deadline and a decision

    def deadlines(self, area: str) -> str | None:
        """The page listing the deadlines of `area` (trademark, patent, case)."""
        if area == "trademark":
            return self.gaps()  # the gap list shows the urgent trademark deadlines
        if area == "patent":
            return self.patent_deadlines()
        return self.case_deadlines()

    def deadline(self, row: Mapping[str, Any]) -> str | None:
        """The record behind one deadline of the figures' `deadlines` list."""
        if row.get("case_id"):
            return self.case(row["case_id"])
        return self.deadlines(str(row.get("area", "")))

    def decision(self, row: Mapping[str, Any]) -> str | None:
        """Where one entry of the figures' `decisions` is acted on."""
        kind = row.get("kind")
        if kind == "file":
            return self.gaps(
                brand=row.get("brand"),
                nice_class=_single(row, "nice_class", "classes"),
                **_where(_single(row, "market", "markets")),
            )
        if kind == "renew":
            return self.gaps(brand=row.get("brand"))
        if kind == "patent":
            return self.patent_deadlines()
        if kind == "case":
            return self.case(row.get("case_id"))
        if kind == "oppose":
            return self.alert(row.get("alert_id"))
        return None

    def top_gap(self, row: Mapping[str, Any]) -> str | None:
        return self.gaps(
            brand=row.get("brand"), nice_class=row.get("nice_class"), **_where(row.get("market"))
        )


def _coverage(filters: Mapping[str, Any]) -> dict[str, Any]:
    """The coverage filters as query parameters: `nice_class` is written `class`."""
    args = dict(filters)
    if "nice_class" in args:
        args["class"] = args.pop("nice_class")
    return args


def _single(row: Mapping[str, Any], key: str, plural: str) -> Any:
    """The one `key` of a decision: `row[plural]` when it lists exactly one, nothing when it lists
    several (the link then shows them all), else `row[key]`."""
    many = row.get(plural)
    if many:
        return many[0] if len(many) == 1 else None
    return row.get(key)


def _where(code: object) -> dict[str, str]:
    """The coverage filter of a market code: `market` for a country, `region` for a group that
    the pages filter by (a filing at EUIPO names the market `EU`), nothing for anything else."""
    text = str(code or "").upper()
    if is_country(text):
        return {"market": text}
    office = MARKET_GROUPS.get(text, text)
    if office in REGIONS:
        return {"region": "EU" if office == "EM" else office}
    return {}
