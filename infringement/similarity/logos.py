"""Logos: normalisation and 64-bit perceptual hashes over several views (loading: `logo_images`).

Normalising makes recolouring and inversion irrelevant: each pixel becomes its colour distance
from the background (read off the border), the content box is trimmed (a drawn frame is peeled
off), padded to a square and hashed (pHash and dHash, 64 bits each). Views of a logo (mirror,
rotations, crops from each side) meet its altered copies; regions of an image (the content inside
a solid label, edge blobs of a product photo) find a logo shrunk onto something else.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from infringement.similarity.logo_images import Source, open_image

INK = 40  # colour distance (0–255) from the background that counts as ink
SPECKS = 2  # inked pixels in a row or column that still count as blank
SQUARE = 96  # side of the normalised square the views are cut from
ROTATIONS = (-12.0, -6.0, 6.0, 12.0)  # degrees
CROPS = (0.15, 0.3)  # fractions of the content box cut from one side
MAX_PARTS = 5  # regions of a photo looked at
Array = NDArray[np.uint8]


@dataclass(frozen=True)
class LogoHashes:
    """Hashes of one image: `phash[i]`, `dhash[i]` (64 bits each) of the view named `names[i]`.

    Entries `[0, views)` are the logo as found (entry 0) and its mirrored, rotated and cropped
    views; the rest are other regions of the image (inside a label, parts of a photo). `dark`:
    the background is darker than the ink; `ink`: mean ink colour (RGB 0–255), for the reasons.
    """

    names: tuple[str, ...]
    phash: NDArray[np.uint64]
    dhash: NDArray[np.uint64]
    views: int
    dark: bool
    ink: tuple[float, float, float]


def ink_map(rgb: Array) -> tuple[Array, NDArray[np.float64]]:
    """Return each pixel's colour distance (0–255) from the background, and that background."""
    ring = np.sort(np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]]), axis=0)
    middle = len(ring) // 2  # the median, as np.median gives it, without its overhead
    background = (ring[middle - 1 + len(ring) % 2].astype(np.float64) + ring[middle]) / 2
    diff = cv2.absdiff(rgb, (*background.tolist(), 0.0))  # type: ignore[call-overload]
    return _channel_max(diff), background


def _channel_max(rgb: cv2.typing.MatLike) -> Array:
    # numpy reductions over the colour axis are slow (strided); OpenCV's per-channel max is not
    red, green, blue = cv2.split(rgb)
    return np.asarray(cv2.max(cv2.max(red, green), blue), dtype=np.uint8)


def content_box(dist: Array) -> tuple[slice, slice] | None:
    """Return the rows and columns holding ink, or None for a blank image.

    A row or column needs SPECKS+1 inked pixels: lone specks (JPEG ringing) do not widen the box.
    """
    inked = (dist > INK).view(np.uint8)
    # OpenCV sums rows and columns some ten times faster than np.count_nonzero(axis=...)
    rows = np.flatnonzero(cv2.reduce(inked, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S) > SPECKS)
    cols = np.flatnonzero(cv2.reduce(inked, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S) > SPECKS)
    if rows.size == 0 or cols.size == 0:  # e.g. a line one or two pixels thin
        return None
    return slice(int(rows[0]), int(rows[-1]) + 1), slice(int(cols[0]), int(cols[-1]) + 1)


def trim(dist: Array, *, peel: bool = True) -> Array:
    """Cut `dist` to its content box, peeling off drawn frames around it (at most two)."""
    for _ in range(3):
        box = content_box(dist)
        if box is None:
            return dist
        dist = dist[box]
        if not peel or not _peel_frame(dist):
            break
    return dist


def _peel_frame(dist: Array) -> bool:
    """Blank a rectangular frame hugging the content box, in place; True when there was one."""
    height, width = dist.shape
    if min(height, width) < 16:
        return False
    mask = (dist > INK).astype(np.uint8)
    edges = (
        mask[:3].any(axis=0),
        mask[-3:].any(axis=0),
        mask[:, :3].any(axis=1),
        mask[:, -3:].any(axis=1),
    )
    if min(np.count_nonzero(e) / e.size for e in edges) < 0.9 or mask.mean() > 0.6:
        return False  # no ink line along every side, or a solid block rather than a frame
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    inner = np.zeros(mask.shape, dtype=bool)
    inner[
        max(2, height // 12) : -max(2, height // 12), max(2, width // 12) : -max(2, width // 12)
    ] = 1
    for label in range(1, count):
        _, _, w, h, area = stats[label]
        if w < 0.97 * width or h < 0.97 * height or area > 0.5 * width * height:
            continue
        part = labels == label
        if np.count_nonzero(part & inner) <= 0.02 * area and count > 2:
            dist[part] = 0
            return True
    return False


def square(dist: Array, side: int = SQUARE) -> Array:
    """Pad the content to a centred square and resize it to `side`×`side`."""
    height, width = dist.shape
    edge = max(height, width, 1)
    canvas = np.zeros((edge, edge), dtype=np.uint8)
    top, left = (edge - height) // 2, (edge - width) // 2
    canvas[top : top + height, left : left + width] = dist
    return np.asarray(cv2.resize(canvas, (side, side), interpolation=cv2.INTER_AREA), np.uint8)


def _pack(bits: NDArray[np.bool_]) -> NDArray[np.uint64]:
    """Pack rows of 64 booleans into 64-bit integers, the first boolean the highest bit."""
    packed = np.packbits(bits.reshape(-1, 64), axis=1)
    return packed.view(">u8").ravel().astype(np.uint64)


def _phash_bits(sq: Array) -> NDArray[np.bool_]:
    small = cv2.resize(sq, (32, 32), interpolation=cv2.INTER_AREA).astype(np.float32)
    low = cv2.dct(small)[:8, :8].ravel()
    # the median of the 63 values after the DC term is the 32nd smallest
    return low > np.partition(low[1:], 31)[31]


def _dhash_bits(sq: Array) -> NDArray[np.bool_]:
    small = cv2.resize(sq, (9, 8), interpolation=cv2.INTER_AREA).astype(np.int16)
    return small[:, 1:] > small[:, :-1]


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


def _rotate(sq: Array, degrees: float) -> Array:
    side = sq.shape[0]
    big = cv2.copyMakeBorder(sq, side // 4, side // 4, side // 4, side // 4, cv2.BORDER_CONSTANT)
    centre = (big.shape[1] / 2, big.shape[0] / 2)
    matrix = cv2.getRotationMatrix2D(centre, degrees, 1.0)
    return np.asarray(cv2.warpAffine(big, matrix, big.shape[::-1]), dtype=np.uint8)


def view_squares(sq: Array) -> dict[str, Array]:
    """Return the named views of a normalised square: as is, mirrored, rotated, cropped."""
    views = {"": sq, "mirroring": sq[:, ::-1].copy()}
    for degrees in ROTATIONS:
        views[f"rotation by {abs(degrees):g}°"] = square(trim(_rotate(sq, degrees), peel=False))
    box = content_box(sq)
    content = sq[box] if box else sq
    height, width = content.shape
    for cut in CROPS:
        dh, dw = int(height * cut), int(width * cut)
        for side, part in (
            ("left", content[:, dw:]),
            ("right", content[:, : width - dw]),
            ("top", content[dh:]),
            ("bottom", content[: height - dh]),
        ):
            views[f"cropping {cut:.0%} off the {side}"] = square(trim(part, peel=False))
    return views


def _inside(rgb: Array, dist: Array) -> Array | None:
    """Return the ink inside a solid label or badge (re-read against the label's colour)."""
    box = content_box(dist)
    if box is None:
        return None
    label = rgb[box]
    rim = max(2, min(label.shape[:2]) // 25)  # the label's own anti-aliased edge
    label = label[rim:-rim, rim:-rim]
    if min(label.shape[:2]) < 16:
        return None
    inner = trim(ink_map(label)[0])
    return inner if inner.size < 0.8 * label.shape[0] * label.shape[1] else None


def _parts(rgb: Array) -> list[Array]:
    """Return the colour crops of the largest blobs of edges (a logo on a product photo)."""
    height, width = rgb.shape[:2]
    grad = cv2.add(
        _channel_max(cv2.convertScaleAbs(cv2.Sobel(rgb, cv2.CV_16S, 1, 0, ksize=3))),
        _channel_max(cv2.convertScaleAbs(cv2.Sobel(rgb, cv2.CV_16S, 0, 1, ksize=3))),
    )
    edges = (grad > 120).astype(np.uint8)
    k = max(3, int(0.04 * max(height, width)))
    closed = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    # BBDT labels three times faster than the default here; boxes are sorted below, so the
    # numbering of the labels does not matter
    count, _, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(
        closed, 8, cv2.CV_32S, cv2.CCL_BBDT
    )
    boxes = [
        (int(w * h), int(x), int(y), int(w), int(h))
        for x, y, w, h, _ in stats[1:count]
        if w >= 0.08 * width and h >= 0.08 * height and w * h <= 0.8 * width * height
    ]
    crops = []
    for _, x, y, w, h in sorted(boxes, reverse=True)[:MAX_PARTS]:
        crops.append(rgb[max(0, y - 3) : y + h + 3, max(0, x - 3) : x + w + 3])
    return crops


def region_maps(rgb: Array) -> tuple[dict[str, Array], Array, NDArray[np.float64]]:
    """Return the trimmed ink maps of the image's regions, its whole ink map and background.

    The regions are keyed by name, the whole image first (under "").
    """
    dist, background = ink_map(rgb)
    whole = trim(dist.copy())
    regions = {"": whole}
    inner = _inside(rgb, dist)
    if inner is not None:
        regions["on a label in the image"] = inner
    for number, part in enumerate(_parts(rgb), start=1):
        ink = ink_map(part)[0]
        regions[f"in part {number} of the image"] = trim(ink.copy())
        inner = _inside(part, ink)
        if inner is not None:
            regions[f"on a label in part {number} of the image"] = inner
    return regions, dist, background


def hash_image(rgb: Array) -> LogoHashes:
    """Hash a decoded RGB image over all its views and regions."""
    regions, dist, background = region_maps(rgb)
    views = view_squares(square(regions.pop("")))
    phashes, dhashes = _hash_squares([*views.values(), *(square(r) for r in regions.values())])
    mask = (dist > INK).astype(np.uint8)
    ink = cv2.mean(rgb, mask=mask)[:3] if mask.any() else tuple(background)
    return LogoHashes(
        names=(*views, *regions),
        phash=phashes,
        dhash=dhashes,
        views=len(views),
        dark=bool(background.mean() < 110),
        ink=(float(ink[0]), float(ink[1]), float(ink[2])),
    )


def hash_logo(source: Source, *, name: str = "") -> LogoHashes:
    """Open, normalise and hash an image (path, bytes or PIL image); raise LogoError if bad."""
    return hash_image(np.asarray(open_image(source, name=name)))
