"""Set-up services behind `ipwatch init`, `ipwatch demo` and `ipwatch serve`."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url
from sqlmodel import Session, func, select

from coverage.models import Product, Trademark
from coverage.portfolio import bump_revision
from monitor import db
from monitor.auth import create_user
from monitor.models import Role, User
from monitor.passwords import verify_password
from monitor.queries.users import count_users, list_users_by_email

# published in the README: anyone can log in with them while they are unchanged
DEMO_USERS = [
    ("admin@demo.ipwatch", Role.ADMIN, "demo-admin-2026"),
    ("brand@demo.ipwatch", Role.BRAND_MANAGER, "demo-brand-2026"),
    ("legal@demo.ipwatch", Role.LEGAL, "demo-legal-2026"),
    ("exec@demo.ipwatch", Role.EXECUTIVE, "demo-exec-2026"),
]


class NotEmpty(Exception):
    """The database already holds a portfolio or users."""


def safe_url(url: str) -> str:
    """The database URL without its password, for printing."""
    return make_url(url).render_as_string(hide_password=True)


def initialise(app: Flask) -> dict[str, int]:
    """Migrate the database to the newest revision and load the reference tables."""
    from coverage.reference import load_reference

    db.upgrade(app.config["DATABASE_URL"])
    with Session(db.get_engine()) as session:
        counts = load_reference(Path(app.config["REFERENCE_DIR"]), session=session)
        bump_revision(session)  # memberships or rules may have changed: rebuild cached matrices
        session.commit()
    return counts


def is_empty(session: Session) -> bool:
    return all(
        session.exec(select(func.count()).select_from(t)).one() == 0
        for t in (Product, Trademark, User)
    )


def load_demo(app: Flask) -> list[tuple[str, str, str]]:
    """Load the demo portfolio and one user per role into an empty database; return the logins."""
    from coverage.imports.importer import import_portfolio
    from coverage.queries import load_geography

    with Session(db.get_engine()) as session:
        if not is_empty(session):
            raise NotEmpty("the database is not empty: the demo loads only into an empty database")
        import_portfolio(
            Path(app.config["DEMO_DIR"]), session=session, geography=load_geography(session)
        )
        for email, role, password in DEMO_USERS:
            create_user(session, email=email, role=role, password=password)
        session.commit()
    load_demo_gazettes(app)
    from monitor.demo_history import load_demo_history, write_demo_reports

    load_demo_history(app)
    write_demo_reports(app)
    return [(email, role.value, password) for email, role, password in DEMO_USERS]


DEMO_SOURCE = "demo-market"
DEMO_GAZETTE_SOURCE = "demo-gazette"


def load_demo_gazettes(app: Flask) -> int:
    """Import the demo gazette files (alerts for the demo marks); return the records read."""
    from monitor.monitoring.gazettes import import_gazette_file

    folder = Path(app.config["DEMO_DIR"]) / "gazette"
    records = 0
    with Session(db.get_writer_engine(), expire_on_commit=False) as session:
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            if path.is_file() and path.suffix.lower() in {".json", ".xml", ".csv", ".zip"}:
                run = import_gazette_file(session, path, source=DEMO_GAZETTE_SOURCE)
                records += run.items
    return records


def demo_crawl_pending(app: Flask) -> bool:
    """Whether the demo marketplace was never crawled in this database (a fresh demo)."""
    from infringement.models import CrawlRun, RunStatus

    with Session(db.get_engine()) as session:
        done = session.exec(
            select(CrawlRun).where(
                CrawlRun.source == DEMO_SOURCE, CrawlRun.status == RunStatus.FINISHED
            )
        ).first()
        has_demo_users = bool(list_users_by_email(session=session, emails=[DEMO_USERS[0][0]]))
    return done is None and has_demo_users


def start_demo_site(port: int) -> None:
    """Serve the demo marketplace on 127.0.0.1:`port` in a background thread."""
    import threading

    from monitor.demo_site import serve_demo_site

    thread = threading.Thread(
        target=serve_demo_site, kwargs={"host": "127.0.0.1", "port": port}, daemon=True
    )
    thread.start()


def exposed_demo_logins(session: Session) -> list[str]:
    """The emails of active demo users whose password is still the published demo one."""
    published = {email: password for email, _role, password in DEMO_USERS}
    users = list_users_by_email(session=session, emails=published)
    return [
        u.email for u in users if u.active and verify_password(u.password_hash, published[u.email])
    ]


def count_non_demo_users(session: Session) -> int:
    """How many users are not demo users: real people, so the database is not a demo any more."""
    demo = list_users_by_email(session=session, emails=[email for email, _r, _p in DEMO_USERS])
    return count_users(session=session) - len(demo)


def serve(app: Flask, *, host: str, port: int) -> None:
    """Serve the app with waitress, with the scheduler running beside it when enabled."""
    from waitress import serve as waitress_serve

    scheduler = None
    if app.config["SCHEDULER"]:
        from monitor.scheduler import start_scheduler

        scheduler = start_scheduler(app)
    print(f"ipwatch on http://{host}:{port}/  (Ctrl-C stops)", flush=True)
    try:
        waitress_serve(app, host=host, port=port, threads=8)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
