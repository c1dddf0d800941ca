"""Rebuild `brands_latin.csv` and `brands_hanzi.csv` from the two public listings (README.md).

    .venv/bin/python eval/data/extract_brands.py NASDAQ_SYMBOLS_CSV A_SHARE_STOCK_BASIC_CSV

Keeps one trading name per listed company (company forms, share classes and "The" removed),
drops funds, ETFs, SPACs, test issues and special-treatment (ST) names, and drops every name
that shares a mark with the development pairs (`../shared/eval/text_pairs_dev.csv`) or the
translation table, so the out-of-sample set is disjoint from both.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEV = ROOT.parent / "shared" / "eval" / "text_pairs_dev.csv"
TABLE = ROOT / "data" / "infringement" / "brand_translations.csv"

NOT_A_BRAND = re.compile(
    r"\b(etf|etn|fund|funds|trust|acquisition|capital corp|shares|portfolio|income|"
    r"index|notes?|warrants?|rights?|units?|spac|merger|bdc|reit)\b",
    re.IGNORECASE,
)
FORMS = re.compile(
    r"[,.]?\s+\b(inc|incorporated|corp|corporation|co|company|ltd|limited|plc|llc|lp|l\.p|"
    r"n\.v|nv|s\.a|sa|ag|se|asa|ab|oyj|spa|s\.p\.a|holdings?|group|international|intl)\b\.?",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^\w]+", "", text)


def _excluded_marks() -> set[str]:
    marks: set[str] = set()
    if DEV.exists():
        with DEV.open(encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                for side in (row["mark_a"], row["mark_b"]):
                    marks.add(_fold(side))
                    marks.update(_fold(w) for w in re.split(r"[\s/]+", side) if len(w) >= 2)
    with TABLE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            marks.update((_fold(row["brand"]), _fold(row["alias"])))
    return {m for m in marks if len(m) >= 2}


def _clashes(name: str, excluded: set[str]) -> bool:
    folded = _fold(name)
    first = _fold(name.split()[0]) if name.split() else folded
    if folded in excluded or first in excluded:
        return True
    if re.search(r"[\u4e00-\u9fff]", name):  # Hanzi: containment either way
        return any(m in folded or (len(folded) >= 2 and folded in m) for m in excluded)
    return False


def latin_names(path: Path, excluded: set[str]) -> list[str]:
    """Trading names of NASDAQ-listed companies: no funds, no test issues, no legal forms."""
    names: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            company = (row.get("Company Name") or "").strip()
            if row.get("ETF") == "Y" or row.get("Test Issue") == "Y" or not company:
                continue
            if NOT_A_BRAND.search(company) or "File Creation" in company:
                continue
            name = company
            for _ in range(3):
                name = FORMS.sub("", name).strip(" ,.-")
            name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
            name = re.sub(r"\s+", " ", name)
            if len(_fold(name)) < 3 or _clashes(name, excluded):
                continue
            names.setdefault(_fold(name), name)
    return sorted(names.values(), key=str.casefold)


def hanzi_names(path: Path, excluded: set[str]) -> list[tuple[str, str]]:
    """Short names of Shanghai/Shenzhen main-board companies with their industry; no ST names."""
    out: dict[str, tuple[str, str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["name"].strip()
            if "ST" in name.upper() or not re.fullmatch(r"[\u4e00-\u9fff]{2,6}", name):
                continue  # drops ST names and share-class suffixes such as 万科A
            if _clashes(name, excluded):
                continue
            out.setdefault(name, (name, row.get("industry", "")))
    return sorted(out.values())


def main(argv: list[str]) -> int:
    """Write both lists next to this script."""
    nasdaq, a_share = Path(argv[0]), Path(argv[1])
    excluded = _excluded_marks()
    latin = latin_names(nasdaq, excluded)
    hanzi = hanzi_names(a_share, excluded)
    with (HERE / "brands_latin.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name"])
        writer.writerows([n] for n in latin)
    with (HERE / "brands_hanzi.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "industry"])
        writer.writerows(hanzi)
    print(f"{len(latin)} Latin names, {len(hanzi)} Hanzi names")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
