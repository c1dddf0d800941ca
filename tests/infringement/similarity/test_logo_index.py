"""The logo index: a Hamming scan over 64-bit hashes that finds a logo's altered copies."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import ImageOps

from infringement.similarity.logo_index import LogoHit, LogoIndex
from infringement.similarity.logos import hash_logo
from tests.infringement.similarity.test_logos import add_word, draw_logo, jpeg, on_product, png

RNG = np.random.default_rng(4)
STORED = RNG.integers(0, np.iinfo(np.int64).max, 5000, dtype=np.int64).astype(
    np.uint64
) * np.uint64(2)


def flip(value: np.uint64, bits: int) -> np.uint64:
    """Return `value` with its lowest `bits` bits flipped."""
    return np.uint64(value ^ np.uint64((1 << bits) - 1))


@pytest.fixture
def index() -> LogoIndex:
    idx = LogoIndex(capacity=16)  # grows while adding
    idx.add(np.arange(len(STORED)), STORED)
    return idx


@pytest.mark.parametrize("bits", [0, 1, 7, 16])
def test_finds_a_hash_within_max_bits(index: LogoIndex, bits: int) -> None:
    hits = index.search([flip(STORED[1234], bits)], max_bits=16)

    assert hits[0] == LogoHit(1234, bits)


def test_ignores_hashes_beyond_max_bits(index: LogoIndex) -> None:
    assert 1234 not in {h.key for h in index.search([flip(STORED[1234], 9)], max_bits=8)}


def test_distances_are_popcounts_of_the_xor(index: LogoIndex) -> None:
    query = STORED[7]
    expected = [bin(int(h) ^ int(query)).count("1") for h in STORED[:50]]

    assert index.distances(query)[:50].tolist() == expected


def test_one_hit_per_key_at_its_nearest_view_then_by_distance() -> None:
    idx = LogoIndex()
    idx.add(1, [flip(STORED[0], 5), flip(STORED[0], 2)])  # two views of logo 1
    idx.add(2, [flip(STORED[0], 3)])
    idx.add(3, [flip(STORED[0], 12)])

    assert idx.search([STORED[0]], max_bits=10) == [LogoHit(1, 2), LogoHit(2, 3)]
    assert idx.search([STORED[0]], max_bits=16, limit=2) == [LogoHit(1, 2), LogoHit(2, 3)]
    assert len(idx) == 4


def test_empty_index_finds_nothing() -> None:
    assert LogoIndex().search([STORED[0]]) == []


@pytest.mark.parametrize(
    "trick",
    [
        ImageOps.invert,
        ImageOps.mirror,
        on_product,
        lambda img: img.rotate(-12, expand=True, fillcolor="white"),
        add_word,
    ],
    ids=[
        "colour-inverted-copy",
        "mirrored-copy",
        "copy-printed-on-product-photo",
        # found only through the copy's own views (turned back, cropped) against the logo
        "copy-rotated-12-degrees",
        "copy-with-a-word-added",
    ],
)
def test_search_logo_finds_an_altered_copy_first(trick) -> None:
    idx = LogoIndex()
    for key, variant in enumerate([0, 1, 2]):
        idx.add_logo(key, hash_logo(png(draw_logo(variant))))
    idx.add(np.arange(100, 100 + len(STORED)), STORED)  # unrelated noise

    hits = idx.search_logo(hash_logo(jpeg(trick(draw_logo(1)))), max_bits=12)

    assert hits and hits[0].key == 1
