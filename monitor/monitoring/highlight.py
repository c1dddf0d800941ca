"""Which characters of an observed title match the watched mark, for the triage queue to mark.

A simple, honest highlight: both texts are folded the way the similarity engine folds them
(Unicode NFKC, case, accents and look-alike letters, traditional Hanzi to simplified), then,
from left to right, the longest run of the title found anywhere in the mark is taken. Hanzi
runs are marked; Latin runs (letters, digits) are marked when, together with the runs next to
them (only spaces or punctuation between, as in KANG-DA), they hold more than half of the
mark's letters, so that "ang" in "angle" is not marked for KANGDA. Resemblance by sound,
translation or a logo is not marked: the reasons say it.
"""

from __future__ import annotations

import unicodedata

from infringement.similarity.normalize import fold_table, simplify_table

MIN_LATIN = 2  # letters or digits a candidate run has at least (one Hanzi is enough)


def _fold(char: str) -> str:
    text = unicodedata.normalize("NFKC", char).casefold()
    return text.translate(fold_table()).translate(simplify_table())


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` folded, and for each folded character the index of the character it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for folded in _fold(char):
            chars.append(folded)
            origin.append(index)
    return "".join(chars), origin


def _runs(folded: str, mark: str) -> list[tuple[int, int]]:
    """The (start, end) runs of `folded` found in `mark`, longest first from the left."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(folded):
        length = 0
        while i + length < len(folded) and folded[i : i + length + 1] in mark:
            length += 1
        start, end = i, i + length
        while start < end and not folded[start].isalnum():
            start += 1
        while end > start and not folded[end - 1].isalnum():
            end -= 1
        run = folded[start:end]
        if run and (len(run) >= MIN_LATIN or _is_han(run)):
            runs.append((start, end))
        i += max(length, 1)
    return runs


def _latin(text: str) -> int:
    return sum(1 for char in text if char.isalnum() and not _is_han(char))


def _kept(folded: str, runs: list[tuple[int, int]], mark: str) -> list[tuple[int, int]]:
    """The runs to mark: Hanzi ones, and Latin ones whose cluster covers most of the mark."""
    need = _latin(mark) / 2
    kept: list[tuple[int, int]] = []
    cluster: list[tuple[int, int]] = []

    def close() -> None:
        if sum(_latin(folded[a:b]) for a, b in cluster) > need:
            kept.extend(cluster)
        cluster.clear()

    for start, end in runs:
        if _is_han(folded[start]):
            kept.append((start, end))
            continue
        if cluster and any(c.isalnum() for c in folded[cluster[-1][1] : start]):
            close()
        cluster.append((start, end))
    close()
    return sorted(kept)


def matching_parts(observed: str, mark: str) -> list[tuple[str, bool]]:
    """`observed` cut into (text, matches the mark) parts, in order; joined they give it back."""
    folded_mark, _ = _folded(mark)
    folded, origin = _folded(observed)
    hit = [False] * len(observed)
    for start, end in _kept(folded, _runs(folded, folded_mark), folded_mark):
        for index in origin[start:end]:
            hit[index] = True
    parts: list[tuple[str, bool]] = []
    for char, matched in zip(observed, hit, strict=True):
        if parts and parts[-1][1] == matched:
            parts[-1] = (parts[-1][0] + char, matched)
        else:
            parts.append((char, matched))
    return parts
