"""Build word_frequency.csv: how common each word is among brand and company names.

A word shared by two marks says little when many marks use it (ROYAL, GENERAL, WHITE, 科技,
国际); the matcher weighs a shared word by its document frequency here (`similarity.distinct`).

Sources (each name counted once; words folded and stop words removed exactly as the matcher
does, with `normalize.prepare` and `stopwords.csv`):

- Latin: the brand names of the name-suggestion-index (`data/brands/**/*.json`, one brand per
  Wikidata item; BSD-3-Clause, https://github.com/osmlab/name-suggestion-index) and the company
  names of the SEC's `company_tickers.json` (US government work, public domain,
  https://www.sec.gov/files/company_tickers.json), one name per CIK, without funds and trusts
  (a fund family lists dozens of CIKs under one name: NUVEEN, BLACKROCK, PIMCO).
- Hanzi: the Chinese company trade names (字号) of `companynameparser`'s `data/brand.txt`
  (Apache-2.0, https://github.com/shibing624/companynameparser) and the Chinese names of the
  name-suggestion-index brands (`brand:zh`, `name:zh…`). Words are the 2–4 character runs.
- Descriptive words, listed whatever their count: the industry words (行业词) of
  companynameparser's `data/trade.txt` (kind `industry`; the 行业 part of a company name under
  《企业名称登记管理规定》), its Chinese place names `data/china_place.txt` (kind `place`; county-level
  and higher place names cannot be marks by themselves, 商标法 Art. 10(2)) and the product words
  of this folder's `goods_keywords.csv` (kind `goods`).

Columns: word, lang (`latin` or `zh`), names (how many names contain the word), per_100k (the
same per 100,000 names of that script), kind (`name`, `industry`, `place`, `goods`). Kept: Latin words
in at least 2 names, Hanzi words in at least 10, and every descriptive word.

Run: `.venv/bin/python data/infringement/build_word_frequency.py NSI_DIR SEC_JSON CNP_DATA_DIR`
(the name-suggestion-index checkout, `company_tickers.json`, companynameparser's data folder).
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from infringement.similarity.config import MatchConfig, load_stop_words
from infringement.similarity.marks import is_han
from infringement.similarity.normalize import prepare

HERE = Path(__file__).resolve().parent
OUT = HERE / "word_frequency.csv"
MIN_LATIN, MIN_HAN = 2, 10
HAN_SIZES = (2, 3, 4)
FUND_WORDS = frozenset(
    [
        "fund",
        "funds",
        "trust",
        "etf",
        "etn",
        "income",
        "municipal",
        "portfolio",
        "ishares",
        "proshares",
    ]
)


def nsi_brands(folder: Path) -> Iterator[tuple[str, list[str]]]:
    """Yield (Latin name, Chinese names) per name-suggestion-index brand, once per Wikidata item."""
    seen: set[str] = set()
    for path in sorted(folder.glob("data/brands/**/*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")).get("items", []):
            tags = item.get("tags", {})
            key = tags.get("brand:wikidata") or item.get("id") or item.get("displayName")
            name = tags.get("brand") or tags.get("name") or item.get("displayName") or ""
            if not key or key in seen:
                continue
            seen.add(key)
            chinese = {v for k, v in tags.items() if k.split(":")[0] in ("brand", "name")}
            yield name, sorted(v for v in chinese if any(is_han(c) for c in v))


def sec_companies(path: Path) -> list[str]:
    """Return the SEC company names, one per CIK, leaving out funds and trusts."""
    rows = json.loads(path.read_text(encoding="utf-8")).values()
    names = {row["cik_str"]: row["title"] for row in rows}.values()
    return [n for n in names if not FUND_WORDS & set(n.casefold().replace(",", " ").split())]


def latin_words(name: str, config: MatchConfig) -> set[str]:
    """Return the folded Latin words (two letters or more) of a name written in Latin only."""
    mark = prepare(name, config)
    if mark.han or not mark.tokens or any(not t.isascii() for t in mark.tokens):
        return set()
    return {t for t in mark.tokens if len(t) >= 2 and t.isalpha()}


def han_words(name: str, config: MatchConfig) -> set[str]:
    """Return every 2–4 character run inside the Hanzi of a name (after stop words)."""
    han = prepare(name, config).han
    return {han[i : i + n] for n in HAN_SIZES for i in range(len(han) - n + 1)}


def count(
    names: Iterable[str], words: Callable[[str, MatchConfig], set[str]], config: MatchConfig
) -> tuple[Counter[str], int]:
    """Count in how many names each word occurs; return the counts and the number of names."""
    found: Counter[str] = Counter()
    total = 0
    for name in names:
        got = words(name, config)
        if got:
            total += 1
            found.update(got)
    return found, total


def descriptive(cnp_data: Path) -> dict[str, tuple[str, str]]:
    """Return {word: (lang, kind)} for industry words, places and this folder's goods keywords."""
    out: dict[str, tuple[str, str]] = {}
    for file, kind in (("trade.txt", "industry"), ("china_place.txt", "place")):
        for line in (cnp_data / file).read_text(encoding="utf-8").split():
            if 2 <= len(line) <= 4 and all(is_han(c) for c in line) and line not in out:
                out[line] = ("zh", kind)
    with (HERE / "goods_keywords.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            word = row["keyword"].strip().casefold()
            if word and " " not in word and word not in out:
                out[word] = ("zh" if row["lang"] == "zh" else "latin", "goods")
    return out


def build(nsi: Path, sec: Path, cnp_data: Path) -> list[tuple[str, str, int, float, str]]:
    """Return the table rows (word, lang, names, per_100k, kind), most common first."""
    config = MatchConfig(stop_words=load_stop_words(HERE / "stopwords.csv"))
    brands = list(nsi_brands(nsi))
    latin_names = [name for name, _ in brands] + sec_companies(sec)
    han_names = (cnp_data / "brand.txt").read_text(encoding="utf-8").split()
    han_names += sorted({n for _, chinese in brands for n in chinese})
    latin, n_latin = count(latin_names, latin_words, config)
    han, n_han = count(han_names, han_words, config)
    extra = descriptive(cnp_data)
    rows = []
    for counts, total, lang, least in (
        (latin, n_latin, "latin", MIN_LATIN),
        (han, n_han, "zh", MIN_HAN),
    ):
        for word, names in counts.items():
            if names >= least or extra.get(word, ("", ""))[0] == lang:
                kind = extra[word][1] if word in extra else "name"
                rows.append((word, lang, names, round(100_000 * names / total, 2), kind))
        for word, (word_lang, kind) in extra.items():
            if word_lang == lang and word not in counts:
                rows.append((word, lang, 0, 0.0, kind))
    print(f"{n_latin} Latin names, {n_han} Hanzi names")
    return sorted(rows, key=lambda r: (r[1], -r[2], r[0]))


def main() -> None:
    """Write the CSV with a provenance header."""
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    rows = build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# How common each word is among brand and company names; built by\n"
            "# build_word_frequency.py (sources and licences in its docstring and README.md).\n"
            "# names: names containing the word; per_100k: per 100,000 names of that script.\n"
        )
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["word", "lang", "names", "per_100k", "kind"])
        writer.writerows(rows)
    print(f"{len(rows)} words -> {OUT}")


if __name__ == "__main__":
    main()
