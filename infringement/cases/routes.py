"""The stages of each enforcement route and the transitions between them (a state machine).

Every route starts at `draft` and ends at `closed`; a case moves only along `TRANSITIONS`.
Stage names are stable identifiers (stored on the case and in its history); their labels live
at the edge. Routes in `NEEDS_REGISTRATIONS` cannot leave `draft` (except to `closed`, for a
case opened by mistake) before the case names at least one of our registrations it relies on.
"""

from __future__ import annotations

from infringement.cases.models import Route

DRAFT = "draft"
CLOSED = "closed"

# route -> stage -> the stages it may move to; a stage's order is the order it is listed in
TRANSITIONS: dict[Route, dict[str, tuple[str, ...]]] = {
    # E-Commerce Law arts. 42-45: a takedown is lifted 15 days after the seller's counter-notice
    # unless a complaint or suit is filed; the counter-notice may come before or after takedown
    Route.PLATFORM_COMPLAINT: {
        DRAFT: ("complaint_filed", CLOSED),
        "complaint_filed": ("taken_down", "counter_notice", "rejected"),
        "taken_down": ("counter_notice", CLOSED),
        "counter_notice": ("suit_filed", "lifted"),
        "rejected": ("complaint_filed", CLOSED),
        "lifted": (CLOSED,),
        "suit_filed": (CLOSED,),
        CLOSED: (),
    },
    Route.CEASE_AND_DESIST: {
        DRAFT: ("letter_sent", CLOSED),
        "letter_sent": ("response_received", "no_response"),
        "response_received": ("settled", "escalated"),
        "no_response": ("settled", "escalated", CLOSED),
        "settled": (CLOSED,),
        "escalated": (CLOSED,),
        CLOSED: (),
    },
    # upheld: the opposition succeeded (the mark is refused); rejected: it failed, and a review
    # (复审) or appeal may follow
    Route.OPPOSITION: {
        DRAFT: ("filed", CLOSED),
        "filed": ("evidence", "upheld", "rejected"),
        "evidence": ("upheld", "rejected"),
        "upheld": (CLOSED,),
        "rejected": ("review", CLOSED),
        "review": ("upheld", "rejected", CLOSED),
        CLOSED: (),
    },
    Route.INVALIDATION: {
        DRAFT: ("filed", CLOSED),
        "filed": ("evidence", "invalidated", "maintained"),
        "evidence": ("invalidated", "maintained"),
        "invalidated": (CLOSED,),
        "maintained": ("appealed", CLOSED),
        "appealed": ("invalidated", "maintained", CLOSED),
        CLOSED: (),
    },
    # 撤三: cancellation of a mark not used for three consecutive years
    Route.NON_USE_CANCELLATION: {
        DRAFT: ("filed", CLOSED),
        "filed": ("evidence", "cancelled", "maintained"),
        "evidence": ("cancelled", "maintained"),
        "cancelled": (CLOSED,),
        "maintained": ("review", CLOSED),
        "review": ("cancelled", "maintained", CLOSED),
        CLOSED: (),
    },
    # complaint to the market regulator (AMR, 市场监督管理局)
    Route.ADMIN_COMPLAINT: {
        DRAFT: ("complaint_filed", CLOSED),
        "complaint_filed": ("raid", "rejected"),
        "raid": ("penalty_decided", CLOSED),
        "rejected": ("complaint_filed", CLOSED),
        "penalty_decided": (CLOSED,),
        CLOSED: (),
    },
    # preservation: preliminary injunction or evidence preservation, before or after filing
    Route.CIVIL_SUIT: {
        DRAFT: ("filed", "preservation", CLOSED),
        "preservation": ("filed", "hearing"),
        "filed": ("preservation", "hearing", "settled"),
        "hearing": ("judgment", "settled"),
        "judgment": ("appeal", "enforced", CLOSED),
        "appeal": ("judgment", "settled", CLOSED),
        "enforced": (CLOSED,),
        "settled": (CLOSED,),
        CLOSED: (),
    },
    Route.CRIMINAL_REFERRAL: {
        DRAFT: ("referred", CLOSED),
        "referred": ("case_opened", "declined"),
        "case_opened": ("prosecuted", CLOSED),
        "declined": ("referred", CLOSED),
        "prosecuted": ("judgment", CLOSED),
        "judgment": (CLOSED,),
        CLOSED: (),
    },
    # GACC: a recordal (valid 10 years) lets customs detain goods; after a detention notice the
    # owner has 3 working days to act (apply and post a bond) or the goods are released
    Route.CUSTOMS: {
        DRAFT: ("recorded", CLOSED),
        "recorded": ("detention_notice", CLOSED),
        "detention_notice": ("bond_posted", "released"),
        "bond_posted": ("seized", "released"),
        "seized": ("detention_notice", CLOSED),
        "released": ("detention_notice", CLOSED),
        CLOSED: (),
    },
}

STAGES: dict[Route, tuple[str, ...]] = {route: tuple(table) for route, table in TRANSITIONS.items()}
"""Every stage of each route, `draft` first and `closed` last."""

# A case on any route relies on our registrations: complaints, letters, oppositions and suits
# all start from the right infringed, customs records a registration, a criminal referral
# needs a registered mark (假冒注册商标罪).
NEEDS_REGISTRATIONS: frozenset[Route] = frozenset(Route)


def allowed_next(route: Route | str, stage: str) -> tuple[str, ...]:
    """Return the stages a case of `route` at `stage` may move to (empty at the end or unknown)."""
    return TRANSITIONS[Route(route)].get(stage, ())


def is_allowed(route: Route | str, stage: str, target: str) -> bool:
    """Tell whether a case of `route` may move from `stage` to `target`."""
    return target in allowed_next(route, stage)


def all_stages() -> tuple[str, ...]:
    """Return every stage name of every route, once each, in route order."""
    seen: dict[str, None] = {}
    for stages in STAGES.values():
        seen.update(dict.fromkeys(stages))
    return tuple(seen)
