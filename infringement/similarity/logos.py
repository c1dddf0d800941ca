"""Logos: 64-bit perceptual hashes of an image over several views (geometry: `logo_views`).

Each view is a normalised ink map (colour distance from the background, trimmed to the content
box, padded to a square) hashed with pHash and dHash, 64 bits each. Every view has a kind, and
`may_meet` says which kinds of two logos are compared (`logo_match`, `logo_index`). An image
with no ink at all is refused: it would match every other blank image.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from infringement.similarity.logo_images import LogoError, Source, label_of, open_image
from infringement.similarity.logo_views import (
    CANONICAL_VIEWS,
    INK,
    Array,
    band_squares,
    canonical_squares,
    ink_map,
    inside_label,
    is_block,
    peel,
    photo_parts,
    shrink,
    square,
    trim,
    trim_and_peel,
    view_squares,
)

__all__ = ["Array", "LogoHashes", "hash_image", "hash_logo", "hash_named", "ink_map", "may_meet"]

MIN_INK = 3  # inked pixels an image needs to be hashed at all
PHASH_MARGIN = 0.005  # share of the largest DCT coefficient a set bit's exceeds the median by
DHASH_MARGIN = 2  # ink levels (0–255) a cell must exceed its left neighbour by
AS_FOUND, BASE, MIRROR, VIEW, REGION = 0, 1, 2, 3, 4
"""Kinds of hashed view: the logo as found (entry 0 only); the logo with a drawn frame peeled
off; the logo mirrored; a view meeting a copy's change (turned, cropped, words dropped); a
region of the image (inside a label, part of a photo). Kinds from CANONICAL up are canonical
views (slant or turn undone), one kind each. See `may_meet` for which kinds are compared."""
CANONICAL = 10


@dataclass(frozen=True)
class LogoHashes:
    """Hashes of one image: `phash[i]`, `dhash[i]` (64 bits each) of the view named `names[i]`.

    `kinds[i]` says what entry `i` is (AS_FOUND, BASE, MIRROR, VIEW, REGION, CANONICAL and up);
    entry 0 is the logo as found; regions come last, from entry `views` on. `dark`: the background is
    darker than the ink; `ink`: mean ink colour (RGB 0–255), for the reasons.
    """

    names: tuple[str, ...]
    phash: NDArray[np.uint64]
    dhash: NDArray[np.uint64]
    views: int
    dark: bool
    ink: tuple[float, float, float]
    kinds: NDArray[np.uint8]


def _pack(bits: NDArray[np.bool_]) -> NDArray[np.uint64]:
    """Pack rows of 64 booleans into 64-bit integers, the first boolean the highest bit."""
    packed = np.packbits(bits.reshape(-1, 64), axis=1)
    return packed.view(">u8").ravel().astype(np.uint64)


def _phash_bits(sq: Array) -> NDArray[np.bool_]:
    small = cv2.resize(sq, (32, 32), interpolation=cv2.INTER_AREA).astype(np.float32)
    low = cv2.dct(small)[:8, :8].ravel()
    # the median of the 63 values after the DC term is the 32nd smallest; a coefficient must
    # clear it by a margin, so that those a symmetric logo has at zero stay unset when a copy's
    # content box moves by a pixel
    margin = PHASH_MARGIN * float(np.abs(low[1:]).max())
    return low > np.partition(low[1:], 31)[31] + margin


def _dhash_bits(sq: Array) -> NDArray[np.bool_]:
    small = cv2.resize(sq, (9, 8), interpolation=cv2.INTER_AREA).astype(np.int16)
    return small[:, 1:] > small[:, :-1] + DHASH_MARGIN  # flat ink or ground stays unset


def phash(sq: Array) -> np.uint64:
    """Return the 64-bit DCT hash of a square: low 8×8 frequencies above their median."""
    return np.uint64(_pack(_phash_bits(sq))[0])


def dhash(sq: Array) -> np.uint64:
    """Return the 64-bit gradient hash of a square: is each cell brighter than its right one."""
    return np.uint64(_pack(_dhash_bits(sq))[0])


def _hash_squares(squares: list[Array]) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """Return the pHashes and dHashes of normalised squares, in order."""
    if not squares:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint64)
    return _pack(np.array([_phash_bits(s) for s in squares])), _pack(
        np.array([_dhash_bits(s) for s in squares])
    )


def may_meet(a: NDArray[np.uint8], b: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """Tell which kinds of `a` (rows) are compared with which kinds of `b` (columns).

    The logo as found, unframed or mirrored (an involution, so that a mirrored copy that was
    also cropped or turned still meets the original's views) is compared with everything; a
    view with a region; a canonical view with the same canonical view and with views. Never
    two views or two regions: they would buy chance matches.
    """
    i, j = a[:, None], b[None, :]
    plain = (i <= MIRROR) | (j <= MIRROR)
    view_region = ((i == VIEW) & (j == REGION)) | ((i == REGION) & (j == VIEW))
    canonical = (i >= CANONICAL) & ((i == j) | (j == VIEW))
    return plain | view_region | canonical | ((i == VIEW) & (j >= CANONICAL))


Named = list[tuple[str, int, Array]]  # (name, kind, normalised square) of each view


def named_squares(rgb: Array) -> tuple[Named, Array, NDArray[np.float64]]:
    """Return (name, kind, normalised square) of every view and region, the ink map and the
    background colour; raise LogoError when the image has no ink at all."""
    dist, background = ink_map(rgb)
    if np.count_nonzero(dist > INK) < MIN_INK:
        raise LogoError("nothing is drawn in it (the image is one colour)")
    return [*_views(trim(dist)), *_regions(rgb, dist)], dist, background


def _views(content: Array) -> Named:
    """Return the logo as found (a trimmed ink map), unframed, mirrored, and its other views."""
    found: Named = [("", AS_FOUND, square(content))]
    peeled = peel(content)
    if peeled is not None:
        found.append(("removing a frame", BASE, square(peeled)))
    found.append(("mirroring", MIRROR, square(content[:, ::-1])))
    small = shrink(content)
    views = {**view_squares(small), **band_squares(small)}
    found += [(name, VIEW, sq) for name, sq in views.items()]
    for part in (small,) if peeled is None else (small, shrink(peeled)):  # a frame hides a slant
        canonical = canonical_squares(part)
        found += [
            (name, CANONICAL + CANONICAL_VIEWS.index(name), sq) for name, sq in canonical.items()
        ]
    return found


def _regions(rgb: Array, dist: Array) -> Named:
    """Return the other places a logo may be: inside a label, in the parts of a photo (a plain
    block, such as the product itself, is left out: its silhouette would match any badge)."""
    found: Named = []
    inner = inside_label(rgb, dist)
    if inner is not None:
        found.append(("on a label in the image", REGION, square(inner)))
    for number, part in enumerate(photo_parts(rgb), start=1):
        ink = ink_map(part)[0]
        content = trim_and_peel(ink)
        if not is_block(content):
            found.append((f"in part {number} of the image", REGION, square(content)))
        inner = inside_label(part, ink)
        if inner is not None:
            found.append((f"on a label in part {number} of the image", REGION, square(inner)))
    return found


def hash_image(rgb: Array) -> LogoHashes:
    """Hash a decoded RGB image over all its views and regions; raise LogoError if it is blank."""
    found, dist, background = named_squares(rgb)  # regions last
    phashes, dhashes = _hash_squares([sq for _, _, sq in found])
    mask = (dist > INK).astype(np.uint8)
    ink = cv2.mean(rgb, mask=mask)[:3]
    return LogoHashes(
        names=tuple(name for name, _, _ in found),
        phash=phashes,
        dhash=dhashes,
        views=sum(1 for _, kind, _ in found if kind != REGION),
        dark=bool(background.mean() < 110),
        ink=(float(ink[0]), float(ink[1]), float(ink[2])),
        kinds=np.array([kind for _, kind, _ in found], dtype=np.uint8),
    )


def hash_named(rgb: Array, label: str) -> LogoHashes:
    """Hash a decoded image; raise LogoError naming it (`label`) when it is blank, or when
    hashing fails in a way never expected (a bug must not pass for a crash of a whole batch)."""
    try:
        return hash_image(rgb)
    except LogoError as exc:
        raise LogoError(f"{label}: {exc}") from None
    except Exception as exc:
        raise LogoError(f"{label}: cannot be hashed ({exc!r})") from exc


def hash_logo(source: Source, *, name: str = "") -> LogoHashes:
    """Open, normalise and hash an image (path, bytes or PIL image); raise LogoError if bad."""
    return hash_named(np.asarray(open_image(source, name=name)), label_of(source, name))
