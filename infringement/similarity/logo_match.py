"""Comparing logos: the closest pair of hashed views, then ORB features to re-rank near misses.

The views of two logos are compared in the pairs `logos.may_meet` allows. Scores run 0–100;
MATCH_SCORE is the level at LOGO_MATCH_BITS (mean pHash/dHash distance) or at ORB_MATCH
consistent keypoint matches, the default alert level. LOGO_MATCH_BITS is set so that unrelated
logos of the in-sample eval set score MATCH_SCORE or more no more often than before the views
were added (about 0.4% of pairs; `eval/logo_eval.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import cv2
import numpy as np
from numpy.typing import NDArray

from infringement.similarity.logo_images import Source, label_of, open_image
from infringement.similarity.logos import (
    BASE,
    REGION,
    Array,
    LogoHashes,
    hash_image,
    hash_named,
    ink_map,
    may_meet,
)

LOGO_MATCH_BITS = 10.0  # mean pHash/dHash distance at or below which two logos match
VIEW_COST = 1.5  # bits added for matching through a view or region rather than as found
PLAIN_BITS = 1.5  # a pair this much further than the nearest still words the reason if plainer
ORB_MATCH = 20  # ORB inliers (a consistent similarity transform) at which two logos match
ORB_MIN_SIDE = 32  # pixels; narrower images have no ORB features (one pixel crashed ORB)
MATCH_SCORE = 70.0  # the 0–100 score at LOGO_MATCH_BITS or ORB_MATCH (the default alert level)


@cache
def _orb() -> cv2.ORB:
    return cv2.ORB.create(nfeatures=400, fastThreshold=12, edgeThreshold=11, patchSize=21)


class Logo:
    """A decoded image with its hashes; its ORB features are computed when first needed."""

    def __init__(self, rgb: Array, hashes: LogoHashes | None = None) -> None:
        self.rgb = rgb
        self.hashes = hash_image(rgb) if hashes is None else hashes
        self._orb: tuple[NDArray[np.float32], Array | None] | None = None

    @classmethod
    def open(cls, source: Source, *, name: str = "") -> Logo:
        """Open and hash an image; raise LogoError naming it when it is unreadable, too big or
        blank, or (never expected) when hashing it fails."""
        rgb = np.asarray(open_image(source, name=name))
        return cls(rgb, hash_named(rgb, label_of(source, name)))

    def orb(self) -> tuple[NDArray[np.float32], Array | None]:
        """Return ORB keypoint positions and descriptors of the ink map (none for an image too
        small for ORB's pyramid, a sliver or a thumbnail)."""
        if self._orb is None:
            points: Sequence[cv2.KeyPoint] = ()
            descriptors = None
            if min(self.rgb.shape[:2]) >= ORB_MIN_SIDE:
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


def logo_distance(a: LogoHashes, b: LogoHashes) -> tuple[float, int, int]:
    """Return the smallest mean pHash/dHash distance (0–64 bits) over view pairs, and the pair.

    A view or region other than the logo as found (or unframed) adds VIEW_COST bits, so that
    the many views do not buy chance matches for free. The pair returned is the plainest (the
    fewest views and regions) within PLAIN_BITS of the smallest distance: it words the reason.
    """
    dist = np.bitwise_count(a.phash[:, None] ^ b.phash[None, :]).astype(np.float32)
    dist += np.bitwise_count(a.dhash[:, None] ^ b.dhash[None, :])
    cost = VIEW_COST * ((a.kinds > BASE)[:, None].astype(np.float32) + (b.kinds > BASE)[None, :])
    dist = np.where(may_meet(a.kinds, b.kinds), dist / 2 + cost, 64.0)
    best = float(dist.min())
    plain = np.where(dist <= best + PLAIN_BITS, cost * 64 + dist, np.inf)
    i, j = np.unravel_index(int(np.argmin(plain)), dist.shape)
    return best, int(i), int(j)


def hash_score(bits: float) -> float:
    """Map a mean hash distance (0–64 bits) to 0–100: 100 up to 2 bits, MATCH_SCORE at the match."""
    slope = (100.0 - MATCH_SCORE) / (LOGO_MATCH_BITS - 2.0)
    return float(np.clip(100.0 - (bits - 2.0) * slope, 0.0, 100.0))


def _explain(a: LogoHashes, b: LogoHashes, i: int, j: int) -> str:
    """Word how view `i` of `a` met view `j` of `b`: what was found where, after what changes."""
    region = next((side.names[k] for side, k in ((a, i), (b, j)) if side.kinds[k] == REGION), "")
    changes = [side.names[k] for side, k in ((a, i), (b, j)) if 0 < k < side.views]
    if len(changes) == 2 and changes[0] == changes[1]:  # the same canonical view of both
        changes = changes[:1]
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
