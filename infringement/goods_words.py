"""Goods words: tell the Nice classes of a listing from the product words in its title or text.

A marketplace listing has no class of its own; its goods do ("角磨机", "hydraulic jack"). The
table (`data/infringement/goods_keywords.csv`, columns keyword, lang, classes, source) maps such
words to Nice classes (1–45). Chinese keywords are found anywhere in the text, English ones as
whole words (plural -s/-es/-ies folded to the singular); the text is NFKC-folded and
case-folded first, so full-width letters match. Where keywords overlap, the longest wins and its
sub-words count for nothing: "hydraulic jack" (7) hides "jack" (7; 8), "电动扳手" (7) hides
"扳手" (8).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("keyword", "lang", "classes", "source")
LANGS = ("zh", "en")
_LATIN_WORD = re.compile(r"[a-z]+")
_ENGLISH_KEYWORD = re.compile(r"^[a-z]+(?:[ '-][a-z]+)*$")
_HANZI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CLASS_SEP = re.compile(r"[;；,，\s]+")
# a size, rating or count written alone: 125mm, 1200W, 4.0Ah, 2x5cm, 20吨, 32件套 (not "3M": a
# bare metre sign is left, as brands are written so)
_SPEC = re.compile(
    r"^\d+(?:[.,/x×*-]\d+)*(?:mm|cm|km|w|kw|v|a|ah|mah|wh|kwh|kg|g|mg|l|ml|t|pcs|pc|hp|rpm|nm|"
    r"psi|bar|mpa|db|hz|khz|mhz|gb|tb|in|ft|lb|lbs|吨|件套|件|套|只|个|片|支|英寸|寸|米|厘米|毫米|"
    r"升|毫升|斤|克|千克|公斤|瓦|千瓦|伏|安|匹)?$",
    re.IGNORECASE,
)


class GoodsKeywordsError(ValueError):
    """A goods keyword table that cannot be used: which file, which line, and why."""

    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class GoodsKeywords:
    """Product words and their Nice classes (1–45).

    `chinese` maps a folded Chinese keyword to its classes; `english` maps the singular words
    of an English keyword ("hydraulic", "jack") to its classes.
    """

    chinese: Mapping[str, tuple[int, ...]]
    english: Mapping[tuple[str, ...], tuple[int, ...]]

    @property
    def longest_english(self) -> int:
        """Return the number of words of the longest English keyword (0 when there is none)."""
        return max((len(k) for k in self.english), default=0)


def fold(text: str) -> str:
    """Fold text for matching: NFKC (full-width to half-width), then case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def singular(word: str) -> str:
    """Return a crude singular of a lower-case English word: batteries → battery, wrenches → wrench.

    Applied alike to keywords and to listing text, so a wrong singular ("lens" → "len") still
    matches itself.
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def english_words(text: str) -> tuple[str, ...]:
    """Split folded text into singular Latin words; digits, Hanzi and punctuation separate them."""
    return tuple(singular(w) for w in _LATIN_WORD.findall(fold(text)))


def _parse_classes(path: Path, line: int, text: str) -> tuple[int, ...]:
    parts = [p for p in _CLASS_SEP.split(text.strip()) if p]
    if not parts:
        raise GoodsKeywordsError(path, line, "no Nice class given (column classes, e.g. 7;8)")
    classes: list[int] = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= 45:
            raise GoodsKeywordsError(path, line, f"unknown Nice class {part!r} (classes are 1–45)")
        classes.append(int(part))
    return tuple(sorted(set(classes)))


def _check_keyword(path: Path, line: int, keyword: str, lang: str) -> str:
    folded = " ".join(fold(keyword).split())
    if not folded:
        raise GoodsKeywordsError(path, line, "empty keyword")
    if lang not in LANGS:
        raise GoodsKeywordsError(path, line, f"unknown lang {lang!r} (use zh or en)")
    if lang == "zh" and not _HANZI.search(folded):
        raise GoodsKeywordsError(path, line, f"Chinese keyword {keyword!r} has no Hanzi")
    if lang == "en" and not _ENGLISH_KEYWORD.match(folded):
        raise GoodsKeywordsError(
            path, line, f"English keyword {keyword!r} must be Latin letters, spaces or hyphens"
        )
    return folded


def _data_lines(path: Path) -> Iterable[tuple[int, str]]:
    """Yield (line number, line) of the file, skipping `#` comment lines."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.lstrip().startswith("#"):
                yield number, line


def load_goods_keywords(path: Path) -> GoodsKeywords:
    """Read a goods keyword table; raise GoodsKeywordsError naming the file and line of a bad row.

    A missing file is an empty table, as for the other matching tables: no listing gets classes.
    """
    if not path.exists():
        return GoodsKeywords(chinese={}, english={})
    lines = list(_data_lines(path))
    reader = csv.reader(line for _, line in lines)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in COLUMNS[:3] if c not in header]
    if missing:
        first = lines[0][0] if lines else None
        raise GoodsKeywordsError(path, first, f"missing column(s) {', '.join(missing)}")
    chinese: dict[str, tuple[int, ...]] = {}
    english: dict[tuple[str, ...], tuple[int, ...]] = {}
    seen: dict[tuple[str, str], int] = {}
    numbers = [number for number, _ in lines]
    for row in reader:
        number = numbers[reader.line_num - 1]  # the row's last line, comments counted
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        lang = cells.get("lang", "").lower()
        keyword = _check_keyword(path, number, cells.get("keyword", ""), lang)
        classes = _parse_classes(path, number, cells.get("classes", ""))
        key = keyword if lang == "zh" else " ".join(english_words(keyword))  # drills = drill
        if (key, lang) in seen:
            raise GoodsKeywordsError(
                path, number, f"keyword {keyword!r} repeats line {seen[key, lang]}"
            )
        seen[key, lang] = number
        if lang == "zh":
            chinese[keyword] = classes
        else:
            english[tuple(key.split())] = classes
    return GoodsKeywords(chinese=chinese, english=english)


def _longest_first(spans: Iterable[tuple[int, int, tuple[int, ...]]]) -> list[tuple[int, ...]]:
    """Keep the longest spans (start, end, classes) that do not overlap a longer or earlier one."""
    taken: list[tuple[int, int]] = []
    kept: list[tuple[int, ...]] = []
    for start, end, classes in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= a or start >= b for a, b in taken):
            taken.append((start, end))
            kept.append(classes)
    return kept


def _chinese_spans(text: str, table: GoodsKeywords) -> list[tuple[int, int, tuple[int, ...]]]:
    spans = []
    for keyword, classes in table.chinese.items():
        start = text.find(keyword)
        while start != -1:
            spans.append((start, start + len(keyword), classes))
            start = text.find(keyword, start + 1)
    return spans


def _english_spans(text: str, table: GoodsKeywords) -> list[tuple[int, int, tuple[int, ...]]]:
    words = english_words(text)
    spans = []
    for size in range(1, table.longest_english + 1):
        for start in range(len(words) - size + 1):
            classes = table.english.get(words[start : start + size])
            if classes is not None:
                spans.append((start, start + size, classes))
    return spans


def classes_for(text: str, table: GoodsKeywords) -> tuple[int, ...]:
    """Return the Nice classes (sorted, unique) of the product words found in `text`.

    Chinese keywords match anywhere, English ones as whole words; overlapping keywords leave only
    the longest (so "hydraulic jack" gives 7, not 7 and 8). Empty when no keyword is found.
    """
    folded = fold(text)
    found: set[int] = set()
    for spans in (_chinese_spans(folded, table), _english_spans(folded, table)):
        for classes in _longest_first(spans):
            found.update(classes)
    return tuple(sorted(found))


def _word_spans(folded: str, table: GoodsKeywords) -> list[tuple[int, int, tuple[int, ...]]]:
    """English keyword spans as character positions in `folded`."""
    words = [(m.start(), m.end(), singular(m.group())) for m in _LATIN_WORD.finditer(folded)]
    spans = []
    for size in range(1, table.longest_english + 1):
        for first in range(len(words) - size + 1):
            key = tuple(w for _s, _e, w in words[first : first + size])
            classes = table.english.get(key)
            if classes is not None:
                spans.append((words[first][0], words[first + size - 1][1], classes))
    return spans


def strip_goods(text: str, table: GoodsKeywords) -> str:
    """Return `text` without its product words: what is left is what may be a mark.

    "KANGDAA 角磨机 angle grinder" → "KANGDAA". A listing title names its goods as well as its
    brand; matching the goods words against watched marks only costs time and adds noise. The
    longest keyword wins as in `classes_for`. Words that are only a size or rating ("125mm",
    "20V", "4.0Ah", "20吨") go too. When nothing would be left, `text` is returned.
    """
    folded = fold(text)
    base = text if len(folded) == len(text) else folded  # positions stay valid
    taken: list[tuple[int, int]] = []
    spans = _chinese_spans(folded, table) + _word_spans(folded, table)
    for start, end, _classes in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= a or start >= b for a, b in taken):
            taken.append((start, end))
    if not taken:
        return text
    pieces, last = [], 0
    for start, end in sorted(taken):
        pieces.append(base[last:start])
        last = end
    pieces.append(base[last:])
    left = " ".join(t for t in " ".join(pieces).split() if not _SPEC.match(t))
    return left if left.strip(" -_/|,.;:，。、") else text
