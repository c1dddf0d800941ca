"""An import's plan: what it would create and update (field before → after), applied as planned."""

from __future__ import annotations

import pytest
from sqlmodel import select

from coverage.imports.importer import ImportConflict, apply_import, plan_import
from coverage.models import Patent, Product, ProductBase
from coverage.portfolio import save_product
from coverage.queries import load_geography, portfolio_revision
from tests.coverage.imports.test_importer import good_sheets, run, write_book


@pytest.fixture
def geography(session):
    return load_geography(session)


def _changes(plan) -> list[tuple[str, str, str, list[tuple[str, str, str]]]]:
    return [
        (c.action, c.sheet, c.key, [(f.field, f.before, f.after) for f in c.fields])
        for c in plan.changes
    ]


def test_a_new_portfolio_plans_creations_and_writes_nothing(tmp_path, session, geography):
    plan = plan_import(
        write_book(tmp_path / "p.xlsx", good_sheets()), session=session, geography=geography
    )

    assert [(a, s, k) for a, s, k, _ in _changes(plan)][:4] == [
        ("created", "products", "P001"),
        ("created", "products", "P002"),
        ("created", "products", "P003"),
        ("created", "patents", "CN ZL202010012345.6"),
    ]
    assert plan.counts["trademarks"] == {"created": 2, "updated": 0}
    assert plan.unchanged == {"products": 0, "patents": 0, "trademarks": 0}
    assert not plan.needs_confirmation
    assert session.exec(select(Product)).all() == []


def test_changed_fields_links_and_designations_show_before_and_after(tmp_path, session, geography):
    run(write_book(tmp_path / "a.xlsx", good_sheets()), session, geography)
    sheets = good_sheets()
    sheets["products"][1][5] = "CN;GB"
    sheets["patents"][2][6] = "P002"
    sheets["patents"][1][5] = ""  # grant date removed
    sheets["trademarks"][2][8] = "US:protected;JP:protected"

    plan = plan_import(
        write_book(tmp_path / "b.xlsx", sheets), session=session, geography=geography
    )

    assert _changes(plan) == [
        ("updated", "products", "P001", [("markets", "CN;EU;US", "CN;GB")]),
        ("updated", "patents", "CN ZL202010012345.6", [("grant_date", "2022-05-10", "")]),
        ("updated", "patents", "EP EP3456789", [("products", "P001;P002", "P002")]),
        (
            "updated",
            "trademarks",
            "WO 1234567",
            [
                (
                    "designations",
                    "EM:pending;JP:refused;US:protected;VN:pending",
                    "JP:protected;US:protected",
                )
            ],
        ),
    ]
    assert plan.counts["products"] == {"created": 0, "updated": 1}
    assert plan.unchanged["products"] == 2
    assert plan.needs_confirmation
    assert plan.revision == portfolio_revision(session)


def test_applying_a_plan_whose_record_changed_since_is_refused(tmp_path, session, geography):
    run(write_book(tmp_path / "a.xlsx", good_sheets()), session, geography)
    sheets = good_sheets()
    sheets["products"][1][1] = "Cordless drill 18 V"
    plan = plan_import(
        write_book(tmp_path / "b.xlsx", sheets), session=session, geography=geography
    )
    save_product(
        session,
        ProductBase(
            product_id="P001",
            name="Edited meanwhile",
            brand="KANGDA",
            nice_classes=[7],
            markets=["CN"],
        ),
    )
    session.commit()

    with pytest.raises(ImportConflict) as caught:
        apply_import(plan, session=session)

    session.rollback()
    assert 'someone changed products "P001" a moment ago' in str(caught.value.message)
    assert (
        session.exec(select(Product.name).where(Product.product_id == "P001")).one()
        == "Edited meanwhile"
    )


def test_applying_a_plan_whose_new_key_was_created_since_is_refused(tmp_path, session, geography):
    path = write_book(tmp_path / "a.xlsx", good_sheets())
    plan = plan_import(path, session=session, geography=geography)
    run(path, session, geography)  # someone imports the same file first

    with pytest.raises(ImportConflict) as caught:
        apply_import(plan, session=session)

    session.rollback()
    assert "someone imported the same new records a moment ago" in str(caught.value.message)
    assert len(session.exec(select(Patent)).all()) == 2
