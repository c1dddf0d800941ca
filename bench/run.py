"""Run every benchmark and write bench/results.json (`make bench`); `--only similarity` runs
some sections again and keeps the others."""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path

from bench import (
    coverage_bench,
    crawl_bench,
    gazette_bench,
    layout_bench,
    similarity_bench,
    watch_bench,
)

SECTIONS = {
    "coverage_matrix": lambda: coverage_bench.run(),
    "coverage_matrix_worst_case": lambda: coverage_bench.run(class_pool=45),
    "patent_layout": lambda: layout_bench.run(),
    "similarity": lambda: similarity_bench.run(),
    "gazette_import": lambda: gazette_bench.run(),
    "gazette_import_to_database": lambda: gazette_bench.run_import(),
    "crawl_and_ingest": lambda: crawl_bench.run(),
    "watch_matching": lambda: watch_bench.run(),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("bench/results.json"))
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated sections to run again (e.g. similarity); the others are kept "
        "from the existing --out file",
    )
    args = parser.parse_args()
    only = [name for name in args.only.split(",") if name]
    unknown = sorted(set(only) - set(SECTIONS) - {"coverage_page"})
    if unknown:
        parser.error(f"unknown section {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    results = json.loads(args.out.read_text()) if only and args.out.exists() else {}
    results["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count()}
    for name, run in SECTIONS.items():
        if not only or name in only:
            results[name] = run()
    if not only or "coverage_page" in only:
        try:
            from bench import page_bench
        except ImportError:
            pass
        else:
            results["coverage_page"] = page_bench.run()
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
