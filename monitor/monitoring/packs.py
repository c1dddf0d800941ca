"""A case's complaint pack from the database: its alerts' listings and their evidence files,
the registrations it relies on, the letters; written by `infringement.cases.pack`.

Only platform complaints have a pack: any other route is refused (`PackRefused`) rather than
given a letter to a platform that nobody would send. A platform complaint with something
missing (no listings, no registrations, an expired one, evidence missing from the store) still
gets its pack; what is missing is listed in the pack's README.txt, printed by the command and
given by `pack_problems` to the case page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import IO

from flask_babel import force_locale
from flask_babel import gettext as _gettext
from sqlmodel import Session, col, select

from coverage.messages import Message, msg
from coverage.models import Office, Trademark
from crawlers.evidence import EvidenceStore
from infringement.cases.letters import compose_letters, letter_problems
from infringement.cases.models import Case, CaseRegistration, Route
from infringement.cases.pack import find_problems, write_pack
from infringement.cases.pack_content import (
    CaseFacts,
    EvidenceItem,
    ListingItem,
    PackContent,
    PackResult,
    RegistrationItem,
)
from infringement.models import Alert, Evidence, EvidenceKind, Observation, ObservationKind

BATCH = 500  # ids per IN (…) query
EVIDENCE_KINDS = (EvidenceKind.PAGE, EvidenceKind.PICTURE)


class PackRefused(Exception):
    """The case has no complaint pack (not a platform complaint); the message says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def get_case(session: Session, case_id: int) -> Case | None:
    """The case, or None."""
    return session.get(Case, case_id)


def gather_pack(session: Session, case: Case, *, store: EvidenceStore) -> PackContent:
    """The pack's records for `case`; raise PackRefused unless it is a platform complaint."""
    if case.route != Route.PLATFORM_COMPLAINT:
        raise PackRefused(
            msg(
                "case %(id)s is a %(route)s case: complaint packs are made for platform "
                "complaints only",
                id=case.id,
                route=str(case.route),
            )
        )
    assert case.id is not None
    listings, filings = _listings(session, case.id, store)
    facts = CaseFacts(
        case_id=case.id,
        title=case.title,
        route=str(case.route),
        stage=case.stage,
        brand=case.brand,
        owner=case.owner,
        platform=case.platform,
    )
    registrations = _registrations(session, case.id)
    return PackContent(facts, tuple(listings), tuple(registrations), skipped_filings=filings)


def pack_problems(
    session: Session, case: Case, *, store: EvidenceStore, today: dt.date
) -> list[Message]:
    """What the case's pack would lack (evidence files missing from the store included)."""
    content = gather_pack(session, case, store=store)
    missing = {
        e.name: e
        for listing in content.listings
        for e in listing.evidence
        if not store.has(e.sha256)
    }
    return [
        *find_problems(content, today=today),
        *letter_problems(content),
        *(
            msg("evidence file %(name)s is missing from the evidence store", name=name)
            for name in sorted(missing)
        ),
    ]


def write_case_pack(
    session: Session,
    case: Case,
    out: IO[bytes],
    *,
    store: EvidenceStore,
    today: dt.date,
    now: dt.datetime,
    tz: dt.tzinfo,
) -> PackResult:
    """Write `case`'s complaint pack as a zip to `out`; raise PackRefused for other routes."""
    content = gather_pack(session, case, store=store)
    letters = compose_letters(content, on=today)

    def readme(result: PackResult) -> str:
        return render_readme(content, result, made_at=now, tz=tz)

    return write_pack(
        out,
        content,
        letters=letters,
        readme=readme,
        today=today,
        notes=letter_problems(content),
        made_at=now,
        tz=tz,
    )


def render(message: Message, locale: str) -> str:
    """`message` in `locale` (zh or en), from the app's catalogue."""
    with force_locale(locale):
        return message.render(_gettext)


def render_readme(
    content: PackContent, result: PackResult, *, made_at: dt.datetime, tz: dt.tzinfo
) -> str:
    """README.txt: what the pack holds and what is missing, in Chinese and in English."""
    case, count = content.case, len(content.listings)
    sheets = ", ".join(result.listing_sheets)
    lines = [
        f"投诉材料包 Complaint pack — #{case.case_id} {case.title}",
        f"生成 Made: {made_at.astimezone(tz):%Y-%m-%d %H:%M %z} (ipwatch)",
        "",
        "内容 Contents",
        "  letter-zh.txt, letter-en.txt — 投诉函草稿 the complaint letter (draft: fill in 【】/[ ])",
        f"  {sheets} — {count} 个链接 listings, ≤300 per file (one complaint each)",
        "  listings.csv — 全部链接 every listing",
        "  registrations.xlsx, registrations.csv — 我方注册商标 the registrations relied on",
        f"  evidence/ — {result.evidence_files} 个证据文件 captured pages and pictures, by SHA-256",
        "  evidence.csv — 截取时间与网址 when and where each file was captured",
        "  manifest.csv — 其余每个文件的 SHA-256 与字节数 SHA-256 and size of every other file",
        "",
        "需要注意 To check before sending",
    ]
    if not result.problems:
        lines.append("  无缺漏。 Nothing missing.")
    for problem in result.problems:
        lines.append(f"  - {render(problem, 'zh')}")
        lines.append(f"    {render(problem, 'en')}")
    lines += ["", "本材料包不构成法律意见。 This pack is not legal advice."]
    return "\n".join(lines) + "\n"


def _listings(
    session: Session, case_id: int, store: EvidenceStore
) -> tuple[list[ListingItem], int]:
    """The case's listings (alerts on one listing merged), best first; and how many alerts
    are on filings instead."""
    alerts = session.exec(
        select(Alert).where(Alert.case_id == case_id).order_by(col(Alert.id))
    ).all()
    by_observation: dict[int, list[Alert]] = {}
    for alert in alerts:
        by_observation.setdefault(alert.observation_id, []).append(alert)
    ids = list(by_observation)
    observations = {
        o.id: o
        for start in range(0, len(ids), BATCH)
        for o in session.exec(
            select(Observation).where(col(Observation.id).in_(ids[start : start + BATCH]))
        ).all()
    }
    evidence = _evidence(session, ids, store)
    listings: list[tuple[float, int, ListingItem]] = []
    filings = 0
    for observation_id, group in by_observation.items():
        observation = observations.get(observation_id)
        if observation is None:
            continue
        if observation.kind != ObservationKind.LISTING:
            filings += len(group)
            continue
        item = _listing(observation, group, evidence.get(observation_id, []))
        listings.append((-item.score, observation_id, item))
    return [item for _score, _id, item in sorted(listings, key=lambda t: t[:2])], filings


def _listing(
    observation: Observation, alerts: Sequence[Alert], evidence: list[EvidenceItem]
) -> ListingItem:
    reasons = dict.fromkeys(r for a in alerts for r in a.reasons)
    marks = dict.fromkeys(
        f"{a.watched_mark} ({a.watched_office} {a.watched_tm_no})" for a in alerts
    )
    return ListingItem(
        url=observation.url or observation.identity,
        title=observation.text,
        source=observation.source,
        first_seen=observation.first_seen,
        last_seen=observation.last_seen,
        score=max(a.score for a in alerts),
        seller=observation.seller,
        price=observation.price,
        gone_at=observation.gone_at,
        reasons=tuple(reasons),
        our_marks=tuple(marks),
        evidence=tuple(evidence),
    )


def _evidence(
    session: Session, observation_ids: list[int], store: EvidenceStore
) -> dict[int, list[EvidenceItem]]:
    """Each listing's pages and pictures, each file once, named after its first capture."""
    found: dict[int, list[EvidenceItem]] = {}
    first: dict[str, Evidence] = {}
    seen: set[tuple[int, str]] = set()
    for start in range(0, len(observation_ids), BATCH):
        rows = session.exec(
            select(Evidence)
            .where(
                col(Evidence.observation_id).in_(observation_ids[start : start + BATCH]),
                col(Evidence.kind).in_([str(k) for k in EVIDENCE_KINDS]),
            )
            .order_by(col(Evidence.id))
        ).all()
        for row in rows:
            if row.observation_id is None or (row.observation_id, row.sha256) in seen:
                continue
            seen.add((row.observation_id, row.sha256))
            origin = first.setdefault(row.sha256, row)
            found.setdefault(row.observation_id, []).append(
                EvidenceItem(
                    sha256=row.sha256,
                    kind=str(row.kind),
                    path=store.path(row.sha256),
                    content_type=origin.content_type,
                    url=row.url,
                    captured_at=row.captured_at,
                    bytes=row.bytes,
                )
            )
    return found


def _registrations(session: Session, case_id: int) -> list[RegistrationItem]:
    marks = session.exec(
        select(Trademark)
        .join(CaseRegistration, col(CaseRegistration.trademark_id) == col(Trademark.id))
        .where(CaseRegistration.case_id == case_id)
        .order_by(col(Trademark.office), col(Trademark.tm_no))
    ).all()
    offices: dict[str, Office | None] = {}
    items = []
    for mark in marks:
        if mark.office not in offices:
            offices[mark.office] = session.get(Office, mark.office)
        office = offices[mark.office]
        items.append(
            RegistrationItem(
                number=mark.tm_no,
                office=mark.office,
                brand=mark.brand,
                status=str(mark.status),
                filing_date=mark.filing_date,
                mark=mark.mark_text,
                classes=tuple(mark.nice_classes),
                office_name_en=office.name_en if office else None,
                office_name_zh=office.name_zh if office else None,
                registration_date=mark.registration_date,
                expiry_date=mark.expiry_date,
            )
        )
    return items
