"""Comparing logos: the closest pair of hashed views, then ORB features to re-rank near misses.

Scores run 0–100; MATCH_SCORE is the level at LOGO_MATCH_BITS (mean pHash/dHash distance) or at
ORB_MATCH consistent keypoint matches, the default alert level.
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np
from numpy.typing import NDArray

from infringement.similarity.logo_images import Source, open_image
from infringement.similarity.logos import Array, LogoHashes, hash_image, ink_map

LOGO_MATCH_BITS = 10.5  # mean pHash/dHash distance at or below which two logos match
VIEW_COST = 1.0  # bits added for matching through a view or region rather than as found
ORB_MATCH = 20  # ORB inliers (a consistent similarity transform) at which two logos match
MATCH_SCORE = 70.0  # the 0–100 score at LOGO_MATCH_BITS or ORB_MATCH (the default alert level)


@cache
def _orb() -> cv2.ORB:
    return cv2.ORB.create(nfeatures=400, fastThreshold=12, edgeThreshold=11, patchSize=21)


class Logo:
    """A decoded image with its hashes; its ORB features are computed when first needed."""

    def __init__(self, rgb: Array) -> None:
        self.rgb = rgb
        self.hashes = hash_image(rgb)
        self._orb: tuple[NDArray[np.float32], Array | None] | None = None

    @classmethod
    def open(cls, source: Source, *, name: str = "") -> Logo:
        """Open and hash an image; raise LogoError naming it when it is unreadable or too big."""
        return cls(np.asarray(open_image(source, name=name)))

    def orb(self) -> tuple[NDArray[np.float32], Array | None]:
        """Return ORB keypoint positions and descriptors of the ink map."""
        if self._orb is None:
            points, descriptors = _orb().detectAndCompute(ink_map(self.rgb)[0], None)
            where = np.array([p.pt for p in points], dtype=np.float32).reshape(-1, 2)
            self._orb = where, None if descriptors is None else np.asarray(descriptors, np.uint8)
        return self._orb


def orb_inliers(a: Logo, b: Logo) -> int:
    """Count ORB matches agreeing on one rotation+scale+shift between the two images (0 = none)."""
    (points_a, desc_a), (points_b, desc_b) = a.orb(), b.orb()
    if desc_a is None or desc_b is None or len(desc_a) < 8 or len(desc_b) < 8:
        return 0
    pairs = cv2.BFMatcher(cv2.NORM_HAMMING).knnMatch(desc_a, desc_b, k=2)
    good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < 0.75 * p[1].distance]
    if len(good) < 6:
        return 0
    src = points_a[[g.queryIdx for g in good]]
    dst = points_b[[g.trainIdx for g in good]]
    matrix, mask = cv2.estimateAffinePartial2D(src, dst, method=cv2.RANSAC, ransacReprojThreshold=4)
    if matrix is None or not 0.2 < float(np.hypot(matrix[0, 0], matrix[0, 1])) < 5:
        return 0
    return int(mask.sum())


def _allowed(a: LogoHashes, b: LogoHashes) -> NDArray[np.bool_]:
    # a view of one logo against the other as found or one of its regions, never view × view
    i, j = np.arange(len(a.names))[:, None], np.arange(len(b.names))[None, :]
    return (i == 0) | (j == 0) | ((i < a.views) & (j >= b.views)) | ((i >= a.views) & (j < b.views))


def logo_distance(a: LogoHashes, b: LogoHashes) -> tuple[float, int, int]:
    """Return the smallest mean pHash/dHash distance (0–64 bits) over view pairs, and the pair.

    A view or region other than the logo as found adds VIEW_COST bits: the plainest explanation
    wins a tie, and the many views do not buy chance matches for free.
    """
    dist = np.bitwise_count(a.phash[:, None] ^ b.phash[None, :]).astype(np.float32)
    dist += np.bitwise_count(a.dhash[:, None] ^ b.dhash[None, :])
    cost = VIEW_COST * (
        (np.arange(len(a.names)) > 0)[:, None] + (np.arange(len(b.names)) > 0)[None, :]
    )
    dist = np.where(_allowed(a, b), dist / 2 + cost, 64.0)
    i, j = np.unravel_index(int(np.argmin(dist)), dist.shape)
    return float(dist[i, j]), int(i), int(j)


def hash_score(bits: float) -> float:
    """Map a mean hash distance (0–64 bits) to 0–100: 100 up to 2 bits, MATCH_SCORE at the match."""
    slope = (100.0 - MATCH_SCORE) / (LOGO_MATCH_BITS - 2.0)
    return float(np.clip(100.0 - (bits - 2.0) * slope, 0.0, 100.0))


def _explain(a: LogoHashes, b: LogoHashes, i: int, j: int) -> str:
    """Word how view `i` of `a` met view `j` of `b`: what was found where, after what changes."""
    region = next((side.names[k] for side, k in ((a, i), (b, j)) if k >= side.views), "")
    changes = [side.names[k] for side, k in ((a, i), (b, j)) if 0 < k < side.views]
    if not region and a.dark != b.dark:  # colours of a region's surroundings say nothing
        changes.insert(0, "colour inversion")
    elif not region and max(abs(x - y) for x, y in zip(a.ink, b.ink, strict=True)) > 60:
        changes.insert(0, "recolouring")
    found = f"logo found {region}" if region else "logo matches"
    return found + (f" after {' and '.join(changes)}" if changes else "")


def compare_logos(a: Logo | Source, b: Logo | Source, *, rerank: bool = True) -> tuple[float, str]:
    """Score how alike two logos are (0–100, MATCH_SCORE and up: a match) and say why in words."""
    a = a if isinstance(a, Logo) else Logo.open(a)
    b = b if isinstance(b, Logo) else Logo.open(b)
    bits, i, j = logo_distance(a.hashes, b.hashes)
    exact = int(np.bitwise_count(a.hashes.phash[i] ^ b.hashes.phash[j]))
    score = hash_score(bits)
    if score >= MATCH_SCORE:
        return score, f"{_explain(a.hashes, b.hashes, i, j)} (pHash distance {exact}/64)"
    inliers = orb_inliers(a, b) if rerank and bits < LOGO_MATCH_BITS + 8 else 0
    if inliers >= ORB_MATCH:
        orb_score = min(100.0, MATCH_SCORE + (inliers - ORB_MATCH))
        return orb_score, f"logo found by local features ({inliers} matching points)"
    return score, f"logos differ (pHash distance {exact}/64)"
