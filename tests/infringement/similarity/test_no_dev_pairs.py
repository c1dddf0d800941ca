"""The development pairs stay out of the tests: no test case is a pair of the shared dev set.

A pair "appears" when both of its marks (either order, whitespace and case folded) are string
literals of one case: the same call, tuple, list or set, or one level inside it (the tuples of
a list, the arguments of a `pytest.param`), or one row of a CSV file under `tests/`; the second
mark may also sit inside a longer literal (a listing title). Skips when `../shared` is absent.
"""

from __future__ import annotations

import ast
import csv
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[2]
ROOT = TESTS.parent
SHARED = Path(os.environ.get("IPWATCH_SHARED_DIR", ROOT.parent / "shared"))
DEV = SHARED / "eval" / "text_pairs_dev.csv"
NODES = (ast.Call, ast.Tuple, ast.List, ast.Set)


def fold(text: str) -> str:
    """Whitespace and case folded, as the comparison sees a mark."""
    return " ".join(text.split()).casefold()


def dev_pairs() -> set[tuple[str, str]]:
    """Every (mark_a, mark_b) of the dev set, in both orders, folded."""
    with DEV.open(encoding="utf-8-sig") as handle:
        rows = [(fold(r["mark_a"]), fold(r["mark_b"])) for r in csv.DictReader(handle)]
    return {p for a, b in rows for p in ((a, b), (b, a))}


def _strings(node: ast.AST) -> list[str]:
    children = [*node.args, *(k.value for k in node.keywords)] if isinstance(node, ast.Call) else []
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        children = list(node.elts)
    return [c.value for c in children if isinstance(c, ast.Constant) and isinstance(c.value, str)]


def python_groups(source: str) -> Iterator[tuple[int, set[str]]]:
    """(line, folded literals) for each call/tuple/list/set: its strings and its children's."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, NODES):
            found = _strings(node)
            kids = node.elts if not isinstance(node, ast.Call) else node.args
            for child in kids:
                if isinstance(child, NODES):
                    found += _strings(child)
            if len(found) > 1:
                yield node.lineno, {fold(s) for s in found}


def csv_groups(path: Path) -> Iterator[tuple[int, set[str]]]:
    """(line, folded cells) for each row of a CSV file."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            yield number, {fold(cell) for cell in row if cell.strip()}


def _minimum(mark: str) -> int:
    return 2 if any("\u4e00" <= c <= "\u9fff" for c in mark) else 3


def find_dev_pairs(groups: Iterator[tuple[int, set[str]]], pairs: set[tuple[str, str]]) -> list:
    """(line, mark_a, mark_b) of every group holding a dev pair."""
    found = []
    for line, texts in groups:
        for a, b in pairs:
            if a not in texts:
                continue
            inside = len(b) >= _minimum(b) and any(b in t and t != a for t in texts)
            if b in texts or inside:
                found.append((line, a, b))
    return found


def test_no_test_case_is_a_development_pair() -> None:
    if not DEV.exists():
        pytest.skip(f"no shared dev pairs at {DEV}")
    pairs = dev_pairs()
    offenders = []
    for path in sorted(TESTS.rglob("*")):
        if path.suffix == ".py":
            groups = python_groups(path.read_text(encoding="utf-8"))
        elif path.suffix == ".csv":
            groups = csv_groups(path)
        else:
            continue
        for line, a, b in find_dev_pairs(groups, pairs):
            offenders.append(f"{path.relative_to(ROOT)}:{line}: {' ~ '.join(sorted((a, b)))}")
    assert not offenders, "development pairs in the tests:\n" + "\n".join(sorted(set(offenders)))


def test_the_check_finds_a_pair_in_a_case_and_in_a_title() -> None:
    pairs = {("velora", "velorra"), ("velorra", "velora"), ("雅丽", "雅莉"), ("雅莉", "雅丽")}
    source = 'CASES = [pytest.param("VELORA", "Velorra", id="x"), ("雅丽", "正品雅莉 面霜")]\n'
    found = {(a, b) for _, a, b in find_dev_pairs(python_groups(source), pairs)}
    assert ("velora", "velorra") in found and ("雅丽", "雅莉") in found
    assert not find_dev_pairs(iter([(1, {"velora", "quintex"})]), pairs)
