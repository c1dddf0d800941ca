"""Logo views: an image's ink map, its content box, and the views and regions that get hashed.

The ink map is each pixel's colour distance from the background (read off the border), so that
recolouring and inversion do not matter. The logo as found is the content box of the ink. Views
meet what was done to a copy: a drawn frame peeled off, mirrored, turned, cropped, the words
added below or beside it dropped; canonical views undo a slant (image moments) or a turn (the
smallest rectangle around the ink) on both logos alike. Regions are other places the logo may be
in: inside a solid label, in the edge blobs of a product photo.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

INK = 40  # colour distance (0–255) from the background that counts as ink
SPECKS = 2  # inked pixels in a row or column that still count as blank
SQUARE = 96  # side of the normalised square the views are cut from
WORK = 192  # longest side the views are worked out at (twice the square is plenty)
ROTATIONS = (-12.0, -6.0, 6.0, 12.0)  # degrees
CROPS = (0.2,)  # fractions of the content box cut from one side
BAND_GAP = 0.025  # blank run (fraction of the content's extent) that sets words apart
BAND_MAX = 0.45  # largest share of the content's extent a dropped band may take
MAX_PARTS = 5  # regions of a photo looked at
SOLID = 0.97  # share of its box a plain block's ink fills
SIDEWAYS, UPWARD, TURNED = CANONICAL_VIEWS = (
    "slanting sideways (straightened)",
    "slanting up or down (straightened)",
    "rotation (turned straight)",
)
Array = NDArray[np.uint8]


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


def _sums(inked: Array, axis: int) -> NDArray[np.int32]:
    """Return the inked pixels per row (axis 1) or per column (axis 0)."""
    # OpenCV sums rows and columns some ten times faster than np.count_nonzero(axis=...)
    return np.asarray(cv2.reduce(inked, axis, cv2.REDUCE_SUM, dtype=cv2.CV_32S), np.int32).ravel()


def content_box(dist: Array) -> tuple[slice, slice] | None:
    """Return the rows and columns holding ink, or None when nothing is inked.

    A row or column needs SPECKS+1 inked pixels, so that lone specks (JPEG ringing) do not widen
    the box. Where no column (or row) has that many, as in line art one or two pixels thin, any
    inked pixel within the other axis' extent counts instead.
    """
    inked = (dist > INK).view(np.uint8)
    rows = np.flatnonzero(_sums(inked, 1) > SPECKS)
    cols = np.flatnonzero(_sums(inked, 0) > SPECKS)
    if rows.size and not cols.size:
        cols = np.flatnonzero(_sums(inked[rows[0] : rows[-1] + 1], 0))
    elif cols.size and not rows.size:
        rows = np.flatnonzero(_sums(inked[:, cols[0] : cols[-1] + 1], 1))
    elif not rows.size:
        rows, cols = np.flatnonzero(_sums(inked, 1)), np.flatnonzero(_sums(inked, 0))
    if rows.size == 0 or cols.size == 0:
        return None
    return slice(int(rows[0]), int(rows[-1]) + 1), slice(int(cols[0]), int(cols[-1]) + 1)


def trim(dist: Array) -> Array:
    """Cut `dist` to its content box (unchanged when nothing is inked)."""
    box = content_box(dist)
    return dist if box is None else dist[box]


def trim_and_peel(dist: Array) -> Array:
    """Cut `dist` to its content box, then to what is inside the frames drawn around it."""
    content = trim(dist)
    inner = peel(content)
    return content if inner is None else inner


def peel(dist: Array) -> Array | None:
    """Return the content inside the drawn frames around a trimmed map (at most two), or None."""
    peeled = None
    for _ in range(2):
        inner = _peel_frame(dist if peeled is None else peeled)
        if inner is None:
            break
        peeled = inner
    return peeled


def _peel_frame(dist: Array) -> Array | None:
    """Return the trimmed content inside a rectangular frame hugging `dist`, or None."""
    height, width = dist.shape
    if min(height, width) < 16:
        return None
    mask = (dist > INK).astype(np.uint8)
    edges = (
        mask[:3].any(axis=0),
        mask[-3:].any(axis=0),
        mask[:, :3].any(axis=1),
        mask[:, -3:].any(axis=1),
    )
    if min(np.count_nonzero(e) / e.size for e in edges) < 0.9 or mask.mean() > 0.6:
        return None  # no ink line along every side, or a solid block rather than a frame
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    inner = np.zeros(mask.shape, dtype=bool)
    dy, dx = max(2, height // 12), max(2, width // 12)
    inner[dy:-dy, dx:-dx] = True
    for label in range(1, count):
        _, _, w, h, area = stats[label]
        if w < 0.97 * width or h < 0.97 * height or area > 0.5 * width * height:
            continue
        part = labels == label
        if np.count_nonzero(part & inner) <= 0.02 * area and count > 2:
            rest = dist.copy()
            rest[part] = 0
            box = content_box(rest)
            return None if box is None else rest[box]
    return None


def shrink(dist: Array, side: int = WORK) -> Array:
    """Scale a map down so that its longer side is at most `side` (views need no more)."""
    height, width = dist.shape
    scale = side / max(height, width, 1)
    if scale >= 1:
        return dist
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.asarray(cv2.resize(dist, size, interpolation=cv2.INTER_AREA), np.uint8)


def square(dist: Array, side: int = SQUARE) -> Array:
    """Pad the content to a centred square and resize it to `side`×`side`."""
    height, width = dist.shape
    edge = max(height, width, 1)
    canvas = np.zeros((edge, edge), dtype=np.uint8)
    top, left = (edge - height) // 2, (edge - width) // 2
    canvas[top : top + height, left : left + width] = dist
    return np.asarray(cv2.resize(canvas, (side, side), interpolation=cv2.INTER_AREA), np.uint8)


def _warp(dist: Array, matrix: NDArray[np.float64]) -> Array:
    """Apply a 2×3 affine map about the centre of `dist` on a canvas large enough for it."""
    height, width = dist.shape
    corners = np.array([[0, 0, 1], [width, 0, 1], [0, height, 1], [width, height, 1]], float)
    moved = corners @ matrix.T
    low, high = moved.min(axis=0), moved.max(axis=0)
    shifted = matrix.copy()
    shifted[:, 2] -= low
    size = (int(np.ceil(high[0] - low[0])) + 1, int(np.ceil(high[1] - low[1])) + 1)
    return np.asarray(cv2.warpAffine(dist, shifted, size, flags=cv2.INTER_LINEAR), np.uint8)


def rotate(dist: Array, degrees: float) -> Array:
    """Turn an ink map by `degrees` (counter-clockwise) on an enlarged canvas."""
    height, width = dist.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return _warp(dist, np.asarray(matrix, np.float64))


def view_squares(content: Array) -> dict[str, Array]:
    """Return named views of a trimmed map that meet a copy's changes: turned, cropped."""
    views = {}
    for degrees in ROTATIONS:
        turn = "anticlockwise" if degrees > 0 else "clockwise"
        views[f"rotation by {abs(degrees):g}° {turn}"] = square(trim(rotate(content, degrees)))
    height, width = content.shape
    for cut in CROPS:
        dh, dw = int(height * cut), int(width * cut)
        for side, part in (
            ("left", content[:, dw:]),
            ("right", content[:, : width - dw]),
            ("top", content[dh:]),
            ("bottom", content[: height - dh]),
        ):
            views[f"cropping {cut:.0%} off the {side}"] = square(trim(part))
    return views


def _runs(blank: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Return (start, end) of each run of True in `blank`."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], blank.view(np.int8), [0]])))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def band_squares(content: Array) -> dict[str, Array]:
    """Return the content without a band of words set apart below, above or beside it.

    A band is what lies beyond the outermost blank run (at least BAND_GAP of the extent) on one
    side, taking at most BAND_MAX of the extent: a shop name or 正品 added under a logo.
    """
    inked = (content > INK).view(np.uint8)
    views = {}
    for axis, (near, far) in ((1, ("above", "below")), (0, ("left of", "beside"))):
        sums = _sums(inked, axis)
        extent = len(sums)
        gaps = [(a, b) for a, b in _runs(sums <= SPECKS) if b - a >= BAND_GAP * extent]
        inner = [(a, b) for a, b in gaps if a > 0 and b < extent]
        if not inner:
            continue
        first, last = inner[0], inner[-1]
        if last[1] >= (1 - BAND_MAX) * extent:
            kept = content[: last[0]] if axis == 1 else content[:, : last[0]]
            views[f"leaving out the words {far} it"] = square(trim(kept))
        if first[0] <= BAND_MAX * extent:
            kept = content[first[1] :] if axis == 1 else content[:, first[1] :]
            views[f"leaving out the words {near} it"] = square(trim(kept))
    return views


def canonical_squares(content: Array) -> dict[str, Array]:
    """Return canonical views: slant undone by image moments, both ways; turn undone.

    A copy slanted sideways by a shear s has the same canonical view as the original, since the
    shear moves mu11/mu02 by exactly s; likewise for a copy turned by less than 45° and the
    smallest rectangle around the ink.
    """
    views = {}
    moments = cv2.moments(content)
    if moments["mu02"] > 0 and moments["mu20"] > 0:
        sideways = moments["mu11"] / moments["mu02"]
        upright = moments["mu11"] / moments["mu20"]
        height, width = content.shape
        cx, cy = width / 2, height / 2
        if abs(sideways) < 1.0:
            shear = np.array([[1.0, -sideways, sideways * cy], [0.0, 1.0, 0.0]])
            views[SIDEWAYS] = square(trim(_warp(content, shear)))
        if abs(upright) < 1.0:
            shear = np.array([[1.0, 0.0, 0.0], [-upright, 1.0, upright * cx]])
            views[UPWARD] = square(trim(_warp(content, shear)))
    points = cv2.findNonZero((content > INK).view(np.uint8))
    if points is not None and len(points) >= 3:
        angle = cv2.minAreaRect(points)[2] % 90.0
        angle = angle - 90.0 if angle > 45.0 else angle
        views[TURNED] = square(trim(rotate(content, angle)))
    return views


def is_block(dist: Array) -> bool:
    """Tell whether a trimmed map is a plain block (a product, a label's ground): ink over SOLID
    of its box. Its hash is a bare silhouette, which would match any badge of that outline."""
    return bool(np.count_nonzero(dist > INK) >= SOLID * dist.size)


def inside_label(rgb: Array, dist: Array, depth: int = 2) -> Array | None:
    """Return the ink inside a solid label or badge (re-read against the label's colour); when
    that is itself a plain block (a logo on its own ground, on a product), what is inside it,
    up to `depth` labels deep."""
    box = content_box(dist)
    if box is None:
        return None
    label = rgb[box]
    rim = max(2, min(label.shape[:2]) // 25)  # the label's own anti-aliased edge
    label = label[rim:-rim, rim:-rim]
    if min(label.shape[:2]) < 16:
        return None
    ink = ink_map(label)[0]
    inner = trim_and_peel(ink)
    if inner.size >= 0.8 * label.shape[0] * label.shape[1]:
        return None
    if depth > 1 and is_block(inner):
        return inside_label(label, ink, depth - 1)
    return inner


def photo_parts(rgb: Array) -> list[Array]:
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
