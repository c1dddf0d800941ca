"""Build the out-of-sample text pairs (`eval/data/oos_pairs.csv`) from public brand lists.

    .venv/bin/python -m eval.oos_pairs            # rewrite eval/data/oos_pairs.csv

Independent of the engine and of the development pairs: the names come from
`eval/data/brands_latin.csv` (NASDAQ-listed companies) and `eval/data/brands_hanzi.csv`
(Shanghai/Shenzhen main-board short names), both made disjoint from the dev pairs and the
translation table by `eval/data/extract_brands.py`; the labels follow DOMAIN.md's rules, made
with pypinyin, OpenCC and a public look-alike list (`eval/data/same_stroke.txt`), never with
the engine's own tables. Documented cases come from `eval/data/documented_cases.csv`.

Nobody tunes the engine to this file: it is generated once with a fixed seed and only read.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import opencc
from pypinyin import Style, lazy_pinyin, pinyin
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

DATA = Path(__file__).resolve().parent / "data"
OUT = DATA / "oos_pairs.csv"
SEED = 20250117
N_PER_KIND = 150
N_UNRELATED = {"latin": 4_500, "han": 4_500, "cross": 1_000, "han-short": 500, "cross-short": 500}
N_HARD = {"latin": 300, "han": 300}
COMMON_LATIN = 8  # a word in this many names or more is common (generic or laudatory)
COMMON_HAN = 8  # likewise a two-character word at the start or end of a 4-character name
ADDED_LATIN = ["Pro", "Plus", "Home", "Kids", "Sport", "Outlet", "2000", "X5", "Max", "Care"]
ADDED_HAN = ["老", "新", "家居", "食品", "电器", "服饰", "精选", "优品"]
TITLE_LATIN = ["wireless earbuds", "phone case", "running shoes", "power bank", "led lamp"]
TITLE_HAN = ["正品", "包邮", "新款", "特价", "2024款"]
GOODS_HAN = ["插座", "衣柜", "奶粉", "茶叶", "手机壳", "洗发水", "面包"]
HOMOGLYPHS = {"o": "0", "l": "1", "i": "l", "e": "е", "a": "а", "c": "с", "p": "р"}
Row = tuple[str, str, int, str, str]  # mark_a, mark_b, label, kind, source
SRC_LATIN = "generated from brands_latin.csv"
SRC_HAN = "generated from brands_hanzi.csv"


def read_names(name: str) -> list[str]:
    """Names of one shipped brand list."""
    with (DATA / name).open(encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def look_alike_groups() -> list[str]:
    """Groups of look-alike Hanzi (one character each) from `same_stroke.txt`."""
    groups = []
    for line in (DATA / "same_stroke.txt").read_text(encoding="utf-8").splitlines():
        chars = {c for c in re.split(r"[,\s]+", line) if len(c) == 1}
        if len(chars) > 1:
            groups.append("".join(sorted(chars)))
    return groups


def _words(name: str) -> list[str]:
    return [w.casefold() for w in name.split()]


def _distinctive(name: str, common: set[str]) -> int | None:
    """Index of the first word of 4+ letters that is not common, or None."""
    for i, word in enumerate(name.split()):
        if len(word) >= 4 and word.isalpha() and word.casefold() not in common:
            return i
    return None


def _replace_word(name: str, i: int, new: str) -> str:
    words = name.split()
    words[i] = new
    return " ".join(words)


def _latin_edit(word: str, kind: str, rnd: random.Random) -> str:
    letters = "abcdefghijklmnoprstuvwyz"
    i = rnd.randrange(1, len(word) - 1)  # never the first letter (DOMAIN: beginnings weigh more)
    if kind == "latin-one-letter-changed":
        new = rnd.choice(letters.replace(word[i].lower(), ""))
        return word[:i] + (new.upper() if word[i].isupper() else new) + word[i + 1 :]
    if kind == "latin-letter-dropped":
        return word[:i] + word[i + 1 :]
    if kind == "latin-letter-added":
        return word[:i] + rnd.choice(letters) + word[i:]
    if kind == "latin-letters-swapped":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    spots = [j for j, c in enumerate(word) if j and c.lower() in HOMOGLYPHS]
    j = rnd.choice(spots) if spots else i
    return word[:j] + HOMOGLYPHS.get(word[j].lower(), word[j]) + word[j + 1 :]


def latin_positives(names: list[str], common: set[str], rnd: random.Random) -> Iterator[Row]:
    """Imitations of real Latin names by one trick each (DOMAIN.md, Latin)."""
    usable = [(n, i) for n in names if (i := _distinctive(n, common)) is not None]
    edits = ["latin-one-letter-changed", "latin-letter-dropped", "latin-letter-added"]
    edits += ["latin-letters-swapped", "latin-homoglyph"]
    for kind in edits:
        for name, i in rnd.sample(usable, N_PER_KIND):
            yield (
                name,
                _replace_word(name, i, _latin_edit(name.split()[i], kind, rnd)),
                1,
                kind,
                SRC_LATIN,
            )
    for name, _ in rnd.sample(usable, N_PER_KIND):
        yield name, f"{name} {rnd.choice(ADDED_LATIN)}", 1, "latin-added-word", SRC_LATIN
    for name, _ in rnd.sample(usable, N_PER_KIND):
        title = f"{name.lower()} {rnd.choice(TITLE_LATIN)} {rnd.randint(2, 9)} pack"
        yield name, title, 1, "latin-in-listing-title", SRC_LATIN


def _tone(ch: str) -> str:
    return pinyin(ch, style=Style.TONE3, heteronym=False)[0][0]


def _common_parts(names: list[str]) -> set[str]:
    """Two-character words that start or end many four-character names (股份, 科技, 中国 …)."""
    counts = Counter(part for n in names if len(n) == 4 for part in (n[:2], n[2:]))
    return {part for part, k in counts.items() if k >= COMMON_HAN}


def _distinct_spots(name: str, common: set[str]) -> list[int]:
    """Positions outside a common word: an imitation changes the distinctive part."""
    spots = list(range(len(name)))
    if len(name) == 4 and name[2:] in common:
        spots = [0, 1]
    elif len(name) == 4 and name[:2] in common:
        spots = [2, 3]
    return spots


def han_cores(names: list[str]) -> list[str]:
    """Two-character trade names: four-character names less their common word (华锋股份 → 华锋)."""
    common = _common_parts(names)
    cores = {n[:2] if n[2:] in common else n[2:] for n in names if len(n) == 4}
    return sorted(c for c in cores if c not in common and c not in names)


def han_positives(
    names: list[str], groups: list[str], banned: set[frozenset[str]], rnd: random.Random
) -> Iterator[Row]:
    """Imitations of real Hanzi names by one trick each (DOMAIN.md, China)."""
    common = _common_parts(names)
    pool = sorted({c for n in names for c in n})
    by_sound: dict[str, list[str]] = {}
    for c in pool:
        by_sound.setdefault(_tone(c), []).append(c)

    def same_sound(name: str) -> str | None:
        spots = [i for i in _distinct_spots(name, common) if len(by_sound[_tone(name[i])]) > 1]
        if not spots:
            return None
        i = rnd.choice(spots)
        options = [c for c in by_sound[_tone(name[i])] if c != name[i]]
        options = [c for c in options if frozenset((c, name[i])) not in banned]
        return name[:i] + rnd.choice(options) + name[i + 1 :] if options else None

    def look_alike(name: str) -> str | None:
        spots = [(i, g) for i in _distinct_spots(name, common) for g in groups if name[i] in g]
        if not spots:
            return None
        i, group = rnd.choice(spots)
        options = [c for c in group if c != name[i] and frozenset((c, name[i])) not in banned]
        return name[:i] + rnd.choice(options) + name[i + 1 :] if options else None

    to_trad = opencc.OpenCC("s2t").convert
    makers = {
        "han-same-sound": same_sound,
        "han-look-alike": look_alike,
        "han-traditional": lambda n: to_trad(n) if to_trad(n) != n else None,
        "han-added-word": lambda n: (lambda w: w + n if len(w) == 1 else n + w)(
            rnd.choice(ADDED_HAN)
        ),
        "han-pinyin": lambda n: "".join(lazy_pinyin(n)).upper(),
        "han-in-listing-title": lambda n: f"{rnd.choice(TITLE_HAN)}{n}{rnd.choice(GOODS_HAN)}",
        "han-same-sound-in-title": lambda n: (
            f"{rnd.choice(TITLE_HAN)}{s}{rnd.choice(GOODS_HAN)}" if (s := same_sound(n)) else None
        ),
    }
    cores = han_cores(names)
    makers["han-two-character-same-sound"] = same_sound
    makers["han-two-character-look-alike"] = look_alike
    for kind, make in makers.items():
        made = 0
        marks = cores if kind.startswith("han-two-character") else names
        for name in rnd.sample(marks, len(marks)):
            other = make(name)
            if other and other != name:
                yield name, other, 1, kind, SRC_HAN
                made += 1
                if made == N_PER_KIND:
                    break


def _latin_related(a: str, b: str) -> bool:
    x, y = a.casefold().replace(" ", ""), b.casefold().replace(" ", "")
    return (
        x in y or y in x or Levenshtein.distance(x, y) <= 2 or bool(set(_words(a)) & set(_words(b)))
    )


def _han_related(a: str, b: str) -> bool:
    grams = {a[i : i + 2] for i in range(len(a) - 1)}
    return a in b or b in a or any(b[i : i + 2] in grams for i in range(len(b) - 1))


def unrelated(latin: list[str], han: list[str], rnd: random.Random) -> Iterator[Row]:
    """Random pairs of distinct real names that share no word (Latin) or no 2-character run.

    `-short` pairs put a two-character trade name (`han_cores`) on one side.
    """
    cores = han_cores(han)
    for script, count in N_UNRELATED.items():
        seen: set[tuple[str, str]] = set()
        while len(seen) < count:
            if script == "latin":
                a, b = rnd.sample(latin, 2)
                if _latin_related(a, b):
                    continue
            elif script.startswith("han"):
                a, b = (
                    (rnd.choice(cores), rnd.choice(han))
                    if script == "han-short"
                    else rnd.sample(han, 2)
                )
                if _han_related(a, b) or set(a) <= set(b):
                    continue
            else:
                a = rnd.choice(latin)
                b = rnd.choice(cores if script == "cross-short" else han)
                sound = "".join(lazy_pinyin(b))
                if fuzz.partial_ratio(sound, a.casefold().replace(" ", "")) >= 80:
                    continue  # a pinyin name of the same company, or close to it
            if (a, b) not in seen:
                seen.add((a, b))
                source = {"latin": SRC_LATIN}.get(
                    script, SRC_HAN if "han" in script else "both lists"
                )
                yield a, b, 0, f"unrelated-{script}", source


def hard_latin(names: list[str], common: set[str], rnd: random.Random) -> Iterator[Row]:
    """Different companies sharing one common word; their other words share nothing."""
    by_word: dict[str, list[str]] = {}
    for name in names:
        for word in set(_words(name)) & common:
            by_word.setdefault(word, []).append(name)
    firsts: dict[str, list[str]] = {}
    for word, group in by_word.items():
        starting = [n for n in group if _words(n)[0] == word]
        if len(starting) > 1:
            firsts[word] = starting
    made: set[tuple[str, str]] = set()
    while len(made) < N_HARD["latin"]:
        pools = firsts if len(made) % 2 else by_word  # half of them share the first word
        word = rnd.choice(sorted(pools))
        a, b = rnd.sample(pools[word], 2)
        rest_a = [w for w in _words(a) if w != word]
        rest_b = [w for w in _words(b) if w != word]
        if not rest_a or not rest_b or set(rest_a) & set(rest_b):
            continue
        if fuzz.ratio(" ".join(rest_a), " ".join(rest_b)) >= 50:
            continue
        first = _words(a)[0] == word == _words(b)[0]
        if (a, b) not in made:
            made.add((a, b))
            kind = "hard-shared-first-word" if first else "hard-shared-common-word"
            yield a, b, 0, kind, SRC_LATIN


def hard_han(names: list[str], rnd: random.Random) -> Iterator[Row]:
    """Four-character names sharing a common two-character word, the other two all different."""
    common = _common_parts(names)
    by_part: dict[str, list[str]] = {}
    for name in (n for n in names if len(n) == 4):
        for part in {name[:2], name[2:]} & common:
            by_part.setdefault(part, []).append(name)
    parts = sorted(by_part)
    made: set[tuple[str, str]] = set()
    while len(made) < N_HARD["han"]:
        part = rnd.choice(parts)
        a, b = rnd.sample(by_part[part], 2)
        rest_a, rest_b = a.replace(part, "", 1), b.replace(part, "", 1)
        if set(rest_a) & set(rest_b) or lazy_pinyin(rest_a) == lazy_pinyin(rest_b):
            continue
        if (a, b) not in made:
            made.add((a, b))
            yield a, b, 0, "hard-han-shared-word", SRC_HAN


def documented() -> list[Row]:
    """Cited real cases (`documented_cases.csv`)."""
    with (DATA / "documented_cases.csv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return [(r["mark_a"], r["mark_b"], int(r["label"]), r["kind"], r["source"]) for r in rows]


def dev_substitutions(path: Path) -> set[frozenset[str]]:
    """Character swaps of the dev positives (same length, one character apart): never reused."""
    swaps: set[frozenset[str]] = set()
    if not path.exists():
        return swaps
    with path.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            a, b = row["mark_a"], row["mark_b"]
            if row["label"] == "1" and len(a) == len(b):
                swaps.update(frozenset((x, y)) for x, y in zip(a, b, strict=True) if x != y)
    return swaps


def build(dev_path: Path) -> list[Row]:
    """Every out-of-sample pair, the same on every run."""
    rnd = random.Random(SEED)
    latin, han = read_names("brands_latin.csv"), read_names("brands_hanzi.csv")
    counts = Counter(w for n in latin for w in set(_words(n)))
    common = {w for w, k in counts.items() if k >= COMMON_LATIN}
    rows = list(latin_positives(latin, common, rnd))
    rows += han_positives(han, look_alike_groups(), dev_substitutions(dev_path), rnd)
    rows += documented()
    rows += unrelated(latin, han, rnd)
    rows += hard_latin(latin, common, rnd)
    rows += hard_han(han, rnd)
    return rows


def main() -> int:
    """Write `eval/data/oos_pairs.csv`."""
    dev = Path(__file__).resolve().parents[2] / "shared" / "eval" / "text_pairs_dev.csv"
    rows = build(dev)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["mark_a", "mark_b", "label", "kind", "source"])
        writer.writerows(rows)
    print(
        f"{len(rows)} pairs written to {OUT}: "
        + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r[3] for r in rows).items()))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
