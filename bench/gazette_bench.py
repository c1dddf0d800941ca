"""Benchmark: parse a 100,000-case-file USPTO daily file; report records/s and memory growth."""

from __future__ import annotations

import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from crawlers.gazettes import read_gazette

CASE_FILE = """<case-file><serial-number>{serial}</serial-number>
<registration-number>0000000</registration-number><transaction-date>20240105</transaction-date>
<case-file-header><filing-date>20240102</filing-date><status-code>630</status-code>
<mark-identification>MARK {serial}</mark-identification></case-file-header>
<case-file-statements><case-file-statement><type-code>GS0091</type-code>
<text>Electric kettles; water heaters; kitchen utensils</text></case-file-statement>
</case-file-statements><classifications><classification>
<international-code>011</international-code></classification></classifications>
<case-file-owners><case-file-owner><party-name>Owner {serial} Co., Ltd.</party-name>
<nationality><country>CN</country></nationality></case-file-owner></case-file-owners></case-file>
"""


def write_daily_file(path: Path, count: int) -> None:
    """Write a USPTO-format daily applications file with `count` case files."""
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<trademark-applications-daily>')
        out.write("<application-information><file-segments><action-keys>\n")
        for index in range(count):
            out.write(CASE_FILE.format(serial=90000000 + index))
        out.write("</action-keys></file-segments></application-information>")
        out.write("</trademark-applications-daily>\n")


def run(count: int = 100_000) -> dict[str, float]:
    """Parse a generated daily file and return records/s, file size and memory growth."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "apc-bench.xml"
        write_daily_file(path, count)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        records = sum(1 for _ in read_gazette(path, "uspto"))
        seconds = time.perf_counter() - started
        rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
        tracemalloc.start()
        sum(1 for _ in read_gazette(path, "uspto"))
        _current, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {
            "records": float(records),
            "file_mb": round(path.stat().st_size / 1e6, 1),
            "seconds": round(seconds, 2),
            "records_per_s": round(records / seconds),
            "peak_rss_growth_mb": round(rss_growth_kb / 1024, 1),
            "traced_peak_mb": round(traced_peak / 1e6, 2),
        }


def run_import(count: int = 100_000, marks: int = 1_000) -> dict[str, float]:
    """`ipwatch gazette import` of a `count`-case-file daily file into SQLite with `marks`
    watched marks, in a child process: seconds and the child's peak RSS (all in one transaction).
    """
    import datetime as dt
    import os
    import random
    import subprocess
    import sys

    from sqlmodel import Session

    from bench.similarity_bench import make_mark
    from coverage.models import Trademark, TrademarkStatus
    from monitor.db import make_engine, upgrade

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "apc-bench.xml"
        write_daily_file(path, count)
        url = f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        engine = make_engine(url)
        rnd = random.Random(11)
        with Session(engine) as session:
            for n in range(marks):
                session.add(
                    Trademark(
                        office="CN",
                        tm_no=str(40_000_000 + n),
                        brand=f"B{n}",
                        mark_text=make_mark(rnd),
                        nice_classes=[rnd.randint(1, 45)],
                        status=TrademarkStatus.REGISTERED,
                        filing_date=dt.date(2020, 1, 1),
                    )
                )
            session.commit()
        engine.dispose()
        env = {**os.environ, "IPWATCH_DATABASE_URL": url, "IPWATCH_INSTANCE_DIR": tmp}
        # the child reports its own peak RSS as its last line, whatever its exit
        code = (
            "import resource, sys\nfrom monitor.cli import main\ntry:\n    main()\nfinally:\n"
            "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
        )
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code, "gazette", "import", str(path)],
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
        peak_kb = int(done.stderr.strip().splitlines()[-1])
        return {
            "records": float(count),
            "watched_marks": float(marks),
            "seconds": round(seconds, 1),
            "records_per_s": round(count / seconds),
            "child_peak_rss_mb": round(peak_kb / 1024, 1),
        }


if __name__ == "__main__":
    print(run())
    print(run_import())
