"""Blueprints, one per resource. Views are thin: parse, call one domain function, render."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from monitor.auth import can_edit
from monitor.registry import load_module
from monitor.views.common import refuse_nul

# modules whose `bp` is registered, in this order
BLUEPRINTS = [
    "monitor.views.auth",
    "monitor.views.dashboard",
    "monitor.views.reports",
    "monitor.views.coverage",
    "monitor.views.products",
    "monitor.views.trademarks",
    "monitor.views.patents",
    "monitor.views.layout",
    "monitor.views.imports",
    "monitor.views.tasks",
    "monitor.views.users",
    "monitor.views.monitoring",
    "monitor.views.alerts",
    "monitor.views.watchlist",
    "monitor.views.evidence",
    "monitor.views.triage",
    "monitor.views.cases",
    "monitor.views.cases_pack",
    "monitor.api",
]

# top navigation: endpoint -> label; an endpoint that is not registered is left out
NAV = [
    ("dashboard.index", _l("Dashboard")),
    ("coverage.matrix", _l("Coverage")),
    ("coverage.gaps", _l("Gaps")),
    ("products.index", _l("Products")),
    ("trademarks.index", _l("Trademarks")),
    ("patents.index", _l("Patents")),
    ("layout.grid", _l("Patent layout")),
    ("imports.upload", _l("Import")),
    ("triage.queue", _l("Triage")),
    ("alerts.index", _l("Alerts")),
    ("cases.index", _l("Cases")),
    ("monitoring.index", _l("Monitoring")),
    ("watchlist.index", _l("Watch list")),
    ("reports.index", _l("Reports")),
    ("users.index", _l("Users")),
]

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "brand_manager": _l("Brand manager"),
    "legal": _l("Legal"),
    "executive": _l("Executive"),
}


def register_blueprints(app: Flask) -> None:
    """Register every blueprint of BLUEPRINTS; a missing or broken module is an error."""
    for name in BLUEPRINTS:
        app.register_blueprint(load_module(name, "bp").bp)
    app.before_request(refuse_nul)  # every page, form and API call: no NUL reaches the database

    endpoints = set(app.view_functions)

    def nav_items() -> list[tuple[str, str]]:
        items = [(e, str(label)) for e, label in NAV if e in app.view_functions]
        return [(e, label) for e, label in items if e != "users.index" or can_edit("users")]

    app.jinja_env.globals.update(
        nav_items=nav_items,
        url_endpoints=lambda: endpoints | set(app.view_functions),
        role_label=lambda role: str(ROLE_LABELS.get(str(role), role)),
        can_edit=can_edit,
    )
