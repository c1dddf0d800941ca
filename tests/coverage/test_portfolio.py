"""Saving and deleting records by natural key, with versions, links, designations, revision."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from coverage.models import (
    Designation,
    PatentBase,
    PortfolioState,
    Product,
    ProductBase,
    ProductPatentLink,
    Trademark,
    TrademarkBase,
)
from coverage.portfolio import (
    DuplicateRecord,
    StaleRecord,
    UnknownProduct,
    bump_revision,
    delete_patent,
    delete_product,
    delete_trademark,
    save_patent,
    save_product,
    save_trademark,
)
from tests.factories import make_patent, make_product, make_trademark


def product(**changes: object) -> ProductBase:
    values: dict[str, object] = {
        "product_id": "P001",
        "name": "Cordless drill",
        "brand": "KANGDA",
        "nice_classes": [7],
        "markets": ["CN"],
    }
    return ProductBase.model_validate({**values, **changes})


def patent(**changes: object) -> PatentBase:
    values: dict[str, object] = {
        "office": "CN",
        "patent_no": "ZL1",
        "kind": "invention",
        "status": "granted",
        "filing_date": dt.date(2020, 1, 1),
    }
    return PatentBase.model_validate({**values, **changes})


def mark(**changes: object) -> TrademarkBase:
    values: dict[str, object] = {
        "office": "WO",
        "tm_no": "1234567",
        "brand": "KANGDA",
        "nice_classes": [7],
        "status": "registered",
        "filing_date": dt.date(2020, 1, 1),
        "basic_mark": "1",
    }
    return TrademarkBase.model_validate({**values, **changes})


def revision(session: Session) -> int:
    state = session.get(PortfolioState, 1)
    return state.revision if state else 0


def test_save_creates_then_updates_by_product_id(session):
    row, created = save_product(session, product())
    again, created_again = save_product(session, product(name="Brushless drill", markets=["US"]))
    session.commit()

    assert (created, created_again) == (True, False)
    assert again.id == row.id and again.version == 2
    stored = session.exec(select(Product)).all()
    assert [(p.name, p.markets) for p in stored] == [("Brushless drill", ["US"])]


def test_save_with_the_version_read_succeeds_once(session):
    save_product(session, product())
    session.commit()

    saved, _ = save_product(session, product(name="first editor"), expected_version=1)
    with pytest.raises(StaleRecord, match="someone else changed this record"):
        save_product(session, product(name="second editor"), expected_version=1)
    session.commit()

    assert (saved.name, saved.version) == ("first editor", 2)


def test_concurrent_edit_from_another_session_is_refused(engine, session):
    save_product(session, product())
    session.commit()
    with Session(engine) as other:
        save_product(other, product(name="other editor"), expected_version=1)
        other.commit()

    with pytest.raises(StaleRecord):
        save_product(session, product(name="late editor"), expected_version=1)
    session.rollback()

    assert session.exec(select(Product.name)).one() == "other editor"


def test_saving_a_record_deleted_meanwhile_is_stale(session):
    with pytest.raises(StaleRecord, match="deleted since you opened it"):
        save_product(session, product(), expected_version=3)


def test_patent_links_are_replaced_by_the_given_products(session):
    first, second = make_product(session, product_id="A"), make_product(session, product_id="B")
    row, created = save_patent(session, patent(), ["A", "B"])
    again, _ = save_patent(session, patent(status="lapsed"), ["B"])
    session.commit()

    links = session.exec(select(ProductPatentLink)).all()
    assert created and again.id == row.id and again.status == "lapsed"
    assert [(link.product_pk, link.patent_pk) for link in links] == [(second.id, row.id)]
    assert first.id is not None


def test_patent_naming_an_unknown_product_changes_nothing(session):
    make_product(session, product_id="A")
    before = revision(session)

    with pytest.raises(UnknownProduct, match='unknown product "Z9"'):
        save_patent(session, patent(), ["A", "Z9"])

    assert revision(session) == before
    assert session.exec(select(ProductPatentLink)).all() == []


def test_designations_are_replaced_and_keep_their_rows(session):
    row, _ = save_trademark(session, mark(), {"US": "protected", "JP": "pending"})
    us_id = session.exec(select(Designation.id).where(Designation.party == "US")).one()
    save_trademark(session, mark(), {"US": "refused", "VN": "pending"})
    session.commit()

    rows = session.exec(select(Designation).order_by(Designation.party)).all()
    assert [(d.party, d.status) for d in rows] == [("US", "refused"), ("VN", "pending")]
    assert rows[0].id == us_id and rows[0].trademark_pk == row.id


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(lambda s: save_product(s, product()), id="save-product"),
        pytest.param(
            lambda s: save_trademark(s, mark(office="CN", basic_mark=None), {}), id="save-trademark"
        ),
        pytest.param(lambda s: save_patent(s, patent(), []), id="save-patent"),
        pytest.param(lambda s: delete_product(s, "P404"), id="delete-absent-product"),
    ],
)
def test_every_change_raises_the_portfolio_revision(session, action):
    before = revision(session)

    action(session)

    assert revision(session) == before + 1


def test_bump_revision_creates_the_state_row_then_counts_up(session):
    for state in session.exec(select(PortfolioState)).all():
        session.delete(state)
    session.flush()

    assert [bump_revision(session), bump_revision(session)] == [1, 2]


def test_delete_product_keeps_its_patents_and_drops_the_links(session):
    drill = make_product(session, product_id="P001")
    kept = make_patent(session, products=[drill])

    delete_product(session, "P001")
    session.commit()

    assert session.exec(select(Product)).all() == []
    assert session.exec(select(ProductPatentLink)).all() == []
    assert session.exec(select(PortfolioState)).one().revision >= 1
    assert kept.id is not None


def test_delete_patent_and_trademark_by_office_and_number(session):
    drill = make_product(session)
    make_patent(session, products=[drill], office="US", patent_no="US123")
    make_trademark(session, {"US": "protected"}, office="WO", tm_no="999", basic_mark="1")

    delete_patent(session, "US", "US123")
    delete_trademark(session, "WO", "999")
    session.commit()

    assert session.exec(select(ProductPatentLink)).all() == []
    assert session.exec(select(Trademark)).all() == []
    assert session.exec(select(Designation)).all() == []


@pytest.mark.parametrize(
    ("save", "first", "again"),
    [
        pytest.param(
            lambda s, data: save_product(s, data, create_only=True),
            product(),
            product(name="Other"),
            id="product",
        ),
        pytest.param(
            lambda s, data: save_patent(s, data, [], create_only=True),
            patent(),
            patent(title="Other"),
            id="patent",
        ),
        pytest.param(
            lambda s, data: save_trademark(s, data, {"JP": "pending"}, create_only=True),
            mark(),
            mark(mark_text="Other"),
            id="trademark",
        ),
    ],
)
def test_create_only_refuses_a_taken_key_and_changes_nothing(session, save, first, again):
    row, created = save(session, first)
    session.commit()
    before = revision(session)

    with pytest.raises(DuplicateRecord):
        save(session, again)
    session.rollback()

    assert created and row.version == 1 and revision(session) == before
