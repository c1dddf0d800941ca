"""Find stored logos near a query logo: a numpy scan of 64-bit hashes by Hamming distance.

Every stored logo contributes several hashes (its views, see `logos`), all under one integer
key; the hash of the logo as found is marked as such. A scan is a vectorised xor and popcount
over one contiguous uint64 array: about half a millisecond per query hash for a million stored
hashes, so no multi-index is needed at that size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from infringement.similarity.logos import LogoHashes

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
        self._found = np.empty(capacity, dtype=bool)  # the hash of a logo as found
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, keys: ArrayLike, hashes: ArrayLike, *, as_found: ArrayLike = False) -> None:
        """Store `hashes` (uint64), each under the key at the same position (or one key for all).

        `as_found` marks the hashes of logos as found (one flag per hash, or one for all).
        """
        new = np.asarray(hashes, dtype=np.uint64).ravel()
        end = self._size + new.size
        if end > self._hashes.size:
            grown = max(end, 2 * self._hashes.size)
            self._hashes = np.resize(self._hashes, grown)
            self._keys = np.resize(self._keys, grown)
            self._found = np.resize(self._found, grown)
        self._hashes[self._size : end] = new
        self._keys[self._size : end] = np.broadcast_to(np.asarray(keys, np.int64), new.shape)
        self._found[self._size : end] = np.broadcast_to(np.asarray(as_found, bool), new.shape)
        self._size = end

    def add_logo(self, key: int, logo: LogoHashes) -> None:
        """Store the pHashes of every view of one logo (not its regions) under `key`."""
        self.add(key, logo.phash[: logo.views], as_found=np.arange(logo.views) == 0)

    def distances(self, query: int | np.uint64) -> NDArray[np.uint8]:
        """Return the Hamming distance (0–64) from `query` to every stored hash, in order."""
        return np.bitwise_count(self._hashes[: self._size] ^ np.uint64(query))

    def search(self, queries: ArrayLike, *, max_bits: int = 16, limit: int = 20) -> list[LogoHit]:
        """Return up to `limit` keys within `max_bits` of any query hash, nearest first."""
        return _nearest(*self._near(queries, max_bits, as_found_only=False), limit)

    def search_logo(
        self, logo: LogoHashes, *, max_bits: int = 16, limit: int = 20, view_bits: int = VIEW_BITS
    ) -> list[LogoHit]:
        """Return stored logos near `logo`, nearest first: within `max_bits` of it as found or
        of one of its regions, or (as found) within `view_bits` of one of its views: a copy with
        a word added is whole again once cropped, a rotated copy once turned back."""
        as_found = np.concatenate([logo.phash[:1], logo.phash[logo.views :]])
        keys, bits = self._near(as_found, max_bits, as_found_only=False)
        views = logo.phash[1 : logo.views]
        more_keys, more_bits = self._near(views, view_bits, as_found_only=True)
        return _nearest(np.concatenate([keys, more_keys]), np.concatenate([bits, more_bits]), limit)

    def _near(
        self, queries: ArrayLike, max_bits: int, as_found_only: bool
    ) -> tuple[NDArray[np.int64], NDArray[np.uint8]]:
        """Return (key, distance) of every stored hash within `max_bits` of a query hash."""
        hashes, keys = self._hashes[: self._size], self._keys[: self._size]
        if as_found_only:
            hashes, keys = hashes[self._found[: self._size]], keys[self._found[: self._size]]
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
