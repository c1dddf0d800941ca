"""A synthetic large portfolio: products, trademarks and Madrid designations at a given scale."""

from __future__ import annotations

import datetime as dt
import random

from coverage.grid import ProductInfo
from coverage.trademarks.standing import MarkInfo

COUNTRIES = [
    "CN",
    "US",
    "JP",
    "KR",
    "GB",
    "IN",
    "VN",
    "TH",
    "MY",
    "ID",
    "PH",
    "SG",
    "AU",
    "NZ",
    "CA",
    "MX",
    "BR",
    "AR",
    "CL",
    "CO",
    "PE",
    "ZA",
    "NG",
    "EG",
    "KE",
    "MA",
    "TR",
    "RU",
    "UA",
    "KZ",
    "SA",
    "AE",
    "IL",
    "NO",
    "CH",
    "DE",
    "FR",
    "IT",
    "ES",
    "NL",
    "BE",
    "PL",
    "SE",
    "AT",
    "DK",
    "FI",
    "IE",
    "PT",
    "GR",
    "CZ",
    "HU",
    "RO",
    "BG",
    "SK",
    "SI",
    "HR",
    "LT",
    "LV",
    "EE",
    "SN",
    "CM",
    "CI",
    "PK",
    "BD",
    "LK",
]
STATUSES = ["registered"] * 6 + ["pending", "opposed", "refused", "expired", "cancelled"]
DESIGNATION_STATUSES = ["protected"] * 5 + ["pending", "refused"]
PARTIES = [c for c in COUNTRIES if c not in {"AR", "CN", "DE", "FR", "IT", "ES", "NL", "BE"}] + [
    "EM",
    "BX",
    "OA",
]


def make_portfolio(
    *,
    products: int = 2000,
    markets: int = 60,
    classes: int = 5,
    trademarks: int = 20_000,
    designations: int = 100_000,
    brands: int = 200,
    class_pool: int = 10,
    seed: int = 7,
) -> tuple[list[ProductInfo], list[MarkInfo]]:
    """Return products and marks at the given scale (deterministic for a seed).

    Each brand trades in `class_pool` Nice classes (a maker of power tools lives in 7, 8, 9, 11…);
    its products and marks draw their classes from that pool. `class_pool=45` draws every class
    uniformly: the worst case for the matrix, with almost no cell shared between products.
    """
    rnd = random.Random(seed)
    brand_names = [f"BRAND{i:03d}" for i in range(brands)]
    pools = {b: rnd.sample(range(1, 46), class_pool) for b in brand_names}
    product_list = []
    for i in range(products):
        brand = rnd.choice(brand_names)
        product_list.append(
            ProductInfo(
                f"P{i:05d}",
                f"Product {i}",
                brand,
                tuple(rnd.sample(pools[brand], classes)),
                tuple(rnd.sample(COUNTRIES, markets)),
            )
        )
    ir_count = designations // 20
    marks: list[MarkInfo] = []
    for i in range(trademarks):
        is_ir = i < ir_count
        office = "WO" if is_ir else rnd.choice(["CN", "CN", "US", "EM", "JP", "KR", "GB", "IN"])
        filed = dt.date(2010, 1, 1) + dt.timedelta(days=rnd.randrange(5500))
        status = rnd.choice(STATUSES)
        registered = (
            filed + dt.timedelta(days=rnd.randrange(200, 700)) if status != "pending" else None
        )
        parties = (
            tuple((p, rnd.choice(DESIGNATION_STATUSES)) for p in rnd.sample(PARTIES, 20))
            if is_ir
            else ()
        )
        brand = rnd.choice(brand_names)
        marks.append(
            MarkInfo(
                office,
                f"{office}{i:07d}",
                brand,
                tuple(rnd.sample(pools[brand], rnd.randint(1, 6))),
                status,
                filed,
                registered,
                None,
                f"CN{i + ir_count:07d}" if is_ir else None,
                parties,
            )
        )
    return product_list, marks
