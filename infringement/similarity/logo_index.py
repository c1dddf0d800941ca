"""Find stored logos near a query logo: a numpy scan of 64-bit hashes by Hamming distance.

Every stored logo contributes several hashes (its views, see `logos`), all under one integer
key, each with its kind (as found, unframed, a view, a canonical view). A scan is a vectorised xor and popcount
over one contiguous uint64 array: about half a millisecond per query hash for a million stored
hashes, so no multi-index is needed at that size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from infringement.similarity.logos import AS_FOUND, BASE, REGION, VIEW, LogoHashes, may_meet

VIEW_BITS = 12
"""pHash distance (0–64 bits) within which a view of a query logo (turned, cropped) meets a stored
logo as found. Tighter than the search's own: the query's many views would multiply chance
meetings (against 200 logos, an unrelated photo comes near a fifth more of them at 16 bits, 1%
more at 12, and nearly every rotated or word-added copy is found all the same)."""


@dataclass(frozen=True)
class LogoHit:
    """A stored logo near the query: its key and the smallest Hamming distance (0–64 bits)."""

    key: int
    bits: int


class LogoIndex:
    """Hold 64-bit hashes under integer keys and scan them for those near a query hash."""

    def __init__(self, capacity: int = 1024) -> None:
        self._hashes = np.empty(capacity, dtype=np.uint64)
        self._keys = np.empty(capacity, dtype=np.int64)
        self._kinds = np.empty(capacity, dtype=np.uint8)  # see `logos`: AS_FOUND, VIEW…
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(
        self,
        keys: ArrayLike,
        hashes: ArrayLike,
        *,
        as_found: ArrayLike = False,
        kinds: ArrayLike | None = None,
    ) -> None:
        """Store `hashes` (uint64), each under the key at the same position (or one key for all).

        `kinds` gives each hash's kind (see `logos`; one per hash, or one for all); without it,
        `as_found` marks the hashes of logos as found and the rest count as views.
        """
        new = np.asarray(hashes, dtype=np.uint64).ravel()
        if kinds is None:
            kinds = np.where(np.asarray(as_found, bool), AS_FOUND, VIEW)
        end = self._size + new.size
        if end > self._hashes.size:
            grown = max(end, 2 * self._hashes.size)
            self._hashes = np.resize(self._hashes, grown)
            self._keys = np.resize(self._keys, grown)
            self._kinds = np.resize(self._kinds, grown)
        self._hashes[self._size : end] = new
        self._keys[self._size : end] = np.broadcast_to(np.asarray(keys, np.int64), new.shape)
        self._kinds[self._size : end] = np.broadcast_to(np.asarray(kinds, np.uint8), new.shape)
        self._size = end

    def add_logo(self, key: int, logo: LogoHashes) -> None:
        """Store the pHashes of every view of one logo (not its regions) under `key`."""
        self.add(key, logo.phash[: logo.views], kinds=logo.kinds[: logo.views])

    def distances(self, query: int | np.uint64) -> NDArray[np.uint8]:
        """Return the Hamming distance (0–64) from `query` to every stored hash, in order."""
        return np.bitwise_count(self._hashes[: self._size] ^ np.uint64(query))

    def search(self, queries: ArrayLike, *, max_bits: int = 16, limit: int = 20) -> list[LogoHit]:
        """Return up to `limit` keys within `max_bits` of any query hash, nearest first."""
        return _nearest(*self._near(queries, max_bits), limit)

    def search_logo(
        self, logo: LogoHashes, *, max_bits: int = 16, limit: int = 20, view_bits: int = VIEW_BITS
    ) -> list[LogoHit]:
        """Return stored logos near `logo`, nearest first: within `max_bits` of it as found (or
        unframed) or of one of its regions; or within `view_bits` of one of its other views (a
        copy with a word added is whole again once cropped, a rotated copy once turned back).
        Each is compared with the stored kinds `logos.may_meet` allows, as `logo_match` does."""
        stored = self._kinds[: self._size]
        found = []
        for kind in np.unique(
            logo.kinds[: logo.views].tolist() + [REGION] * (len(logo.names) > logo.views)
        ):
            targets = may_meet(np.array([kind], np.uint8), stored)[0]
            bits = max_bits if kind in (AS_FOUND, BASE, REGION) else view_bits
            found.append(self._near(logo.phash[logo.kinds == kind], bits, targets))
        keys, bits_found = (np.concatenate(parts) for parts in zip(*found, strict=True))
        return _nearest(keys, bits_found, limit)

    def _near(
        self, queries: ArrayLike, max_bits: int, targets: NDArray[np.bool_] | None = None
    ) -> tuple[NDArray[np.int64], NDArray[np.uint8]]:
        """Return (key, distance) of every stored hash (of those marked in `targets`, if given)
        within `max_bits` of a query hash."""
        hashes, keys = self._hashes[: self._size], self._keys[: self._size]
        if targets is not None:
            hashes, keys = hashes[targets], keys[targets]
        found_keys, found_bits = [np.zeros(0, np.int64)], [np.zeros(0, np.uint8)]
        for query in np.asarray(queries, dtype=np.uint64).ravel():
            bits = np.bitwise_count(hashes ^ query)
            near = np.flatnonzero(bits <= max_bits)
            found_keys.append(keys[near])
            found_bits.append(bits[near])
        return np.concatenate(found_keys), np.concatenate(found_bits)


def _nearest(keys: NDArray[np.int64], bits: NDArray[np.uint8], limit: int) -> list[LogoHit]:
    """Return each key once at its smallest distance, nearest first then by key, at most `limit`."""
    order = np.lexsort((keys, bits))
    _, first = np.unique(keys[order], return_index=True)  # each key at its nearest
    best = order[np.sort(first)][:limit]
    return [LogoHit(int(keys[i]), int(bits[i])) for i in best]
