"""Run every benchmark and write bench/results.json (`make bench`)."""

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("bench/results.json"))
    args = parser.parse_args()
    results = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "coverage_matrix": coverage_bench.run(),
        "coverage_matrix_worst_case": coverage_bench.run(class_pool=45),
        "patent_layout": layout_bench.run(),
        "similarity": similarity_bench.run(),
        "gazette_import": gazette_bench.run(),
        "gazette_import_to_database": gazette_bench.run_import(),
        "crawl_and_ingest": crawl_bench.run(),
        "watch_matching": watch_bench.run(),
    }
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
