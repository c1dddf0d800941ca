"""`import coverage` must be this project's package, not the coverage.py tool."""

from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parent.parent


def test_import_coverage_is_this_project():
    assert Path(coverage.__file__).resolve().parent == ROOT / "coverage"
    assert not hasattr(coverage, "Coverage")  # coverage.py's main class
