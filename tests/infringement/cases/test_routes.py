"""The state machine of each enforcement route: the transitions each allows and refuses, and the
shape every route shares (draft first, closed last, every stage reachable, closed reachable)."""

from __future__ import annotations

import pytest

from infringement.cases.models import Route
from infringement.cases.routes import (
    NEEDS_REGISTRATIONS,
    STAGES,
    TRANSITIONS,
    all_stages,
    allowed_next,
    is_allowed,
)

P, C, OPP = Route.PLATFORM_COMPLAINT, Route.CEASE_AND_DESIST, Route.OPPOSITION
INV, N, A = Route.INVALIDATION, Route.NON_USE_CANCELLATION, Route.ADMIN_COMPLAINT
S, R, X = Route.CIVIL_SUIT, Route.CRIMINAL_REFERRAL, Route.CUSTOMS

ALLOWED = [
    # platform complaint: the contract every helper relies on
    pytest.param(P, "draft", "complaint_filed", id="platform-file-the-complaint"),
    pytest.param(P, "complaint_filed", "taken_down", id="platform-listings-taken-down"),
    pytest.param(P, "complaint_filed", "counter_notice", id="platform-seller-counter-notice"),
    pytest.param(P, "complaint_filed", "rejected", id="platform-complaint-rejected"),
    pytest.param(P, "taken_down", "counter_notice", id="platform-counter-notice-after-takedown"),
    pytest.param(P, "counter_notice", "suit_filed", id="platform-suit-keeps-takedown"),
    pytest.param(P, "counter_notice", "lifted", id="platform-lifted-after-15-days"),
    pytest.param(P, "rejected", "complaint_filed", id="platform-refile-after-rejection"),
    pytest.param(P, "rejected", "closed", id="platform-give-up-after-rejection"),
    pytest.param(P, "taken_down", "closed", id="platform-close-after-takedown"),
    pytest.param(P, "lifted", "closed", id="platform-close-after-lifted"),
    pytest.param(P, "suit_filed", "closed", id="platform-close-after-suit"),
    pytest.param(P, "draft", "closed", id="platform-drop-a-draft"),
    pytest.param(C, "draft", "letter_sent", id="cnd-send-letter"),
    pytest.param(C, "letter_sent", "response_received", id="cnd-answer"),
    pytest.param(C, "letter_sent", "no_response", id="cnd-silence"),
    pytest.param(C, "response_received", "settled", id="cnd-settle"),
    pytest.param(C, "no_response", "escalated", id="cnd-escalate-after-silence"),
    pytest.param(OPP, "draft", "filed", id="opposition-file"),
    pytest.param(OPP, "filed", "evidence", id="opposition-evidence-exchange"),
    pytest.param(OPP, "evidence", "upheld", id="opposition-upheld"),
    pytest.param(OPP, "rejected", "review", id="opposition-review-after-rejection"),
    pytest.param(INV, "filed", "invalidated", id="invalidation-granted"),
    pytest.param(INV, "maintained", "appealed", id="invalidation-appeal"),
    pytest.param(N, "filed", "cancelled", id="non-use-cancelled"),
    pytest.param(N, "maintained", "review", id="non-use-review"),
    pytest.param(A, "complaint_filed", "raid", id="amr-raid"),
    pytest.param(A, "raid", "penalty_decided", id="amr-penalty"),
    pytest.param(S, "draft", "preservation", id="suit-pre-suit-preservation"),
    pytest.param(S, "filed", "hearing", id="suit-hearing"),
    pytest.param(S, "judgment", "appeal", id="suit-appeal"),
    pytest.param(S, "judgment", "enforced", id="suit-enforce"),
    pytest.param(R, "referred", "case_opened", id="criminal-case-opened"),
    pytest.param(R, "case_opened", "prosecuted", id="criminal-prosecuted"),
    pytest.param(R, "prosecuted", "judgment", id="criminal-judgment"),
    pytest.param(X, "draft", "recorded", id="customs-recordal"),
    pytest.param(X, "recorded", "detention_notice", id="customs-detention"),
    pytest.param(X, "detention_notice", "bond_posted", id="customs-act-within-3-days"),
    pytest.param(X, "detention_notice", "released", id="customs-no-action-released"),
    pytest.param(X, "bond_posted", "seized", id="customs-seized"),
    pytest.param(X, "seized", "detention_notice", id="customs-next-shipment"),
]

REFUSED = [
    pytest.param(P, "draft", "taken_down", id="platform-no-takedown-before-complaint"),
    pytest.param(P, "complaint_filed", "closed", id="platform-no-close-while-pending"),
    pytest.param(P, "counter_notice", "closed", id="platform-counter-notice-needs-an-answer"),
    pytest.param(P, "lifted", "complaint_filed", id="platform-lifted-is-an-end"),
    pytest.param(P, "closed", "draft", id="platform-closed-is-final"),
    pytest.param(C, "draft", "settled", id="cnd-no-settlement-before-letter"),
    pytest.param(C, "letter_sent", "closed", id="cnd-wait-for-answer-or-silence"),
    pytest.param(OPP, "draft", "upheld", id="opposition-not-decided-before-filing"),
    pytest.param(OPP, "upheld", "review", id="opposition-won-needs-no-review"),
    pytest.param(A, "draft", "raid", id="amr-no-raid-before-complaint"),
    pytest.param(S, "draft", "judgment", id="suit-no-judgment-before-filing"),
    pytest.param(S, "hearing", "enforced", id="suit-no-enforcement-before-judgment"),
    pytest.param(R, "declined", "prosecuted", id="criminal-declined-not-prosecuted"),
    pytest.param(X, "draft", "detention_notice", id="customs-no-detention-without-recordal"),
    pytest.param(X, "detention_notice", "seized", id="customs-no-seizure-without-bond"),
    pytest.param(P, "draft", "letter_sent", id="stage-of-another-route"),
    pytest.param(P, "no_such_stage", "closed", id="unknown-stage-allows-nothing"),
]


@pytest.mark.parametrize(("route", "stage", "target"), ALLOWED)
def test_allowed_transitions(route: Route, stage: str, target: str) -> None:
    assert is_allowed(route, stage, target)
    assert target in allowed_next(route, stage)


@pytest.mark.parametrize(("route", "stage", "target"), REFUSED)
def test_refused_transitions(route: Route, stage: str, target: str) -> None:
    assert not is_allowed(route, stage, target)


def test_platform_complaint_table_is_the_contract() -> None:
    assert allowed_next(P, "draft") == ("complaint_filed", "closed")
    assert set(allowed_next(P, "complaint_filed")) == {"taken_down", "counter_notice", "rejected"}
    assert set(allowed_next(P, "counter_notice")) == {"suit_filed", "lifted"}
    assert set(allowed_next(P, "rejected")) == {"complaint_filed", "closed"}
    for stage in ("lifted", "suit_filed"):
        assert allowed_next(P, stage) == ("closed",)


@pytest.mark.parametrize("route", list(Route), ids=[r.value for r in Route])
def test_every_route_starts_at_draft_and_ends_at_closed(route: Route) -> None:
    stages = STAGES[route]
    assert stages[0] == "draft" and stages[-1] == "closed"
    assert allowed_next(route, "closed") == ()
    # every target is a stage of the route, every stage can be reached from draft,
    # and closed can be reached from every stage
    table = TRANSITIONS[route]
    assert all(t in table for targets in table.values() for t in targets)
    reached, todo = {"draft"}, ["draft"]
    while todo:
        for target in table[todo.pop()]:
            if target not in reached:
                reached.add(target)
                todo.append(target)
    assert reached == set(stages)
    for stage in stages:
        seen, todo = {stage}, [stage]
        while todo:
            for target in table[todo.pop()]:
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        assert "closed" in seen, f"{route} {stage} can never close"


def test_every_route_needs_registrations() -> None:
    assert frozenset(Route) == NEEDS_REGISTRATIONS


def test_all_stages_lists_each_once() -> None:
    stages = all_stages()
    assert len(stages) == len(set(stages))
    assert {"draft", "closed", "counter_notice", "detention_notice"} <= set(stages)
