"""The watch list as the service builds it: trademarks and watch terms from the database.

Building the similarity index is the costly part; it is cached per process by the plan's
fingerprint, so each batch of an ingestion reuses it until a mark or watch term changes.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app
from sqlmodel import Session, select

from coverage.models import Trademark, WatchTerm
from infringement.alerts import Watch
from infringement.opposition import load_periods
from infringement.similarity.config import load_config
from infringement.similarity.logo_images import LogoError
from infringement.similarity.logo_match import Logo
from infringement.watch import build_watch_list
from infringement.watchlist import WatchPlan, plan_watch, watched_marks
from monitor.config import ROOT

DATA = ROOT / "data" / "infringement"
_lock = threading.Lock()
_cache: dict[str, Watch] = {}


def logo_folders() -> list[Path]:
    """Where a trademark's `mark_image` path is looked up: the instance's logos, then the demo's."""
    return [
        Path(str(current_app.config["INSTANCE_DIR"])) / "logos",
        Path(str(current_app.config["DEMO_DIR"])),
    ]


def find_logo(relative: str) -> Path | None:
    """The file of a stored logo path, or None when no folder has it."""
    for folder in logo_folders():
        path = (folder / relative).resolve()
        if path.is_relative_to(folder.resolve()) and path.is_file():
            return path
    return None


def open_logo(relative: str) -> Logo | None:
    path = find_logo(relative)
    if path is None:
        return None
    try:
        return Logo.open(path, name=relative)
    except LogoError:
        return None


def current_plan(session: Session) -> WatchPlan:
    """The watch plan from the live trademarks and the watch terms."""
    return plan_watch(session.exec(select(Trademark)).all(), session.exec(select(WatchTerm)).all())


def load_watch(session: Session) -> Watch:
    """The watch (plan, index, opposition periods), rebuilt only when the plan changed."""
    plan = current_plan(session)
    with _lock:
        watch = _cache.get(plan.fingerprint)
        if watch is None:
            watch_list = build_watch_list(watched_marks(plan, open_logo), load_config(DATA))
            watch = Watch(plan, watch_list, load_periods(DATA / "opposition_periods.csv"))
            _cache.clear()
            _cache[plan.fingerprint] = watch
        return watch
