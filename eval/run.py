"""Run every eval and write the results as one JSON file (`make eval`).

`python -m eval.run --out eval/results.json` runs the text eval (`text.in_sample`: the dev
pairs and the synthetic set the rules were tuned on; `text.out_of_sample`: real brand names
nobody tunes to, with the goals of issue #12) and, when `eval/logo_eval.py` is present, the
logo eval (its `run() -> dict`), and writes them under `text` and `logo`.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

from eval import oos_eval, text_eval


def run_all() -> dict[str, Any]:
    """Run the text eval and, when present, the logo eval; return both with their timings."""
    results: dict[str, Any] = {}
    start = time.perf_counter()
    results["text"] = text_eval.run()
    results["text"]["seconds"] = round(time.perf_counter() - start, 1)
    if importlib.util.find_spec("eval.logo_eval") is not None:
        start = time.perf_counter()
        logo = importlib.import_module("eval.logo_eval").run()
        results["logo"] = {**logo, "seconds": round(time.perf_counter() - start, 1)}
    return results


def _summary(results: dict[str, Any]) -> str:
    """In-sample and out-of-sample figures side by side, then the goals met or not."""
    text = results["text"]
    lines = []
    parts = [(f"in sample, {k}", v) for k, v in text.get("in_sample", {}).items()]
    parts.append(("OUT OF SAMPLE", text.get("out_of_sample", {})))
    for label, part in parts:
        ours, base = part.get("ours"), part.get("baseline_fuzz_ratio")
        if not ours or not base:
            continue
        if "recall_at_0.1pct_false_alerts" in ours:
            at = f"recall at 0.1% false alerts {ours['recall_at_0.1pct_false_alerts']}"
            at += f" (fuzz.ratio {base['recall_at_0.1pct_false_alerts']})"
        else:
            at = f"recall with zero false alerts {ours['recall_at_zero_false_alerts']}"
            at += f" (fuzz.ratio {base['recall_at_zero_false_alerts']})"
        same = base["at_our_false_alert_rate"]["recall"]
        lines.append(
            f"text {label}: AUC {ours['roc_auc']} (fuzz.ratio {base['roc_auc']}), {at}; "
            f"at the threshold recall {ours['recall_at_threshold']} with false alerts "
            f"{ours['false_alert_rate_at_threshold']} (fuzz.ratio at that rate {same})"
        )
    if "goals" in text.get("out_of_sample", {}):
        lines.append(oos_eval.goals_table(text["out_of_sample"]["goals"]))
    if "logo" in results:
        lines.append("logo: see the file")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse `--out`, run, write the JSON file and print a short summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("eval/results.json"))
    args = parser.parse_args(argv)
    results = run_all()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(_summary(results))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
