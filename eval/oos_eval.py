"""Out-of-sample text eval: `eval/data/oos_pairs.csv` against the goals of issue #12.

The pairs come from public brand lists and cited cases (`eval/data/README.md`), made by
`eval/oos_pairs.py` with a fixed seed, disjoint from the development pairs. Do not tune the
engine to them: this module reports figures only, never the pairs it gets wrong.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from eval.metrics import FALSE_ALERT_RATE, baseline_at_rate, per_kind, score_metrics

PAIRS = Path(__file__).resolve().parent / "data" / "oos_pairs.csv"
Score = Callable[[str, str], float]
# issue #12: (name, figure key, comparison, target)
GOALS = [
    ("ROC AUC (positives vs unrelated)", "roc_auc", ">=", 0.99),
    ("recall at 0.1% false alerts on unrelated", "recall_at_0.1pct_false_alerts", ">=", 0.95),
    ("verdict recall at the alert threshold", "recall_at_threshold", ">=", 0.90),
    ("false alerts on unrelated at the threshold", "false_alert_rate_at_threshold", "<=", 0.002),
    (
        "false alerts on hard negatives at the threshold",
        "hard_false_alert_rate_at_threshold",
        "<=",
        0.05,
    ),
]


def read_pairs(path: Path = PAIRS) -> list[tuple[str, str, int, str]]:
    """(mark_a, mark_b, label, kind) of every out-of-sample pair."""
    with path.open(encoding="utf-8") as handle:
        return [
            (r["mark_a"], r["mark_b"], int(r["label"]), r["kind"]) for r in csv.DictReader(handle)
        ]


def _rates(ns: np.ndarray, kinds: list[str], above: float, *, strict: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in sorted(set(kinds)):
        mask = np.array([k == kind for k in kinds])
        hits = ns[mask] > above if strict else ns[mask] >= above
        out[kind] = {"n": int(mask.sum()), "false_alert_rate": round(float(hits.mean()), 4)}
    return out


def _split(pairs: list[tuple[str, str, int, str]]) -> dict[str, list[tuple[str, str, str]]]:
    groups: dict[str, list[tuple[str, str, str]]] = {"pos": [], "unrelated": [], "hard": []}
    for a, b, label, kind in pairs:
        group = "pos" if label == 1 else "unrelated" if kind.startswith("unrelated") else "hard"
        groups[group].append((a, b, kind))
    return groups


def _score_all(
    groups: dict[str, list[tuple[str, str, str]]], score: Score
) -> dict[str, np.ndarray]:
    return {
        g: np.array([score(a, b) for a, b, _ in rows], dtype=float) for g, rows in groups.items()
    }


def check_goals(ours: dict[str, Any]) -> list[dict[str, Any]]:
    """Each goal of issue #12 with our figure and whether it is met."""
    out = []
    for name, key, op, target in GOALS:
        value = ours[key]
        met = value >= target if op == ">=" else value <= target
        out.append({"goal": name, "target": f"{op} {target}", "value": value, "met": bool(met)})
    return out


def run(ours: Score, baseline: Score, threshold: float, path: Path = PAIRS) -> dict[str, Any]:
    """Score every out-of-sample pair with ours and the baseline; the figures and the goals."""
    groups = _split(read_pairs(path))
    kinds = {g: [k for _, _, k in rows] for g, rows in groups.items()}
    s = _score_all(groups, ours)
    figures = score_metrics(s["pos"], s["unrelated"], threshold)
    figures["hard_negatives"] = len(s["hard"])
    figures["hard_false_alert_rate_at_threshold"] = round(float((s["hard"] >= threshold).mean()), 4)
    cut = figures["score_cut_at_0.1pct_false_alerts"]
    figures["per_kind"] = per_kind(s["pos"], kinds["pos"], threshold, cut)
    figures["negatives_per_kind_at_threshold"] = _rates(
        np.concatenate([s["unrelated"], s["hard"]]),
        kinds["unrelated"] + kinds["hard"],
        threshold,
        strict=False,
    )
    b = _score_all(groups, baseline)
    base = score_metrics(b["pos"], b["unrelated"], None)
    at_rate = baseline_at_rate(b["pos"], b["unrelated"], figures["false_alert_rate_at_threshold"])
    at_rate["hard_false_alert_rate"] = round(
        float((b["hard"] > at_rate["its_threshold_above"]).mean()), 4
    )
    base["at_our_false_alert_rate"] = at_rate
    return {
        "what": "OUT OF SAMPLE: real brand names and cited cases nobody tuned to "
        "(eval/data/README.md); unrelated = random pairs of distinct real names, hard = "
        "different companies sharing a common word",
        "false_alert_rate": FALSE_ALERT_RATE,
        "ours": figures,
        "baseline_fuzz_ratio": base,
        "goals": check_goals(figures),
    }


def goals_table(goals: list[dict[str, Any]]) -> str:
    """The goals as a plain-text table: goal, target, value, met / not met."""
    width = max(len(g["goal"]) for g in goals)
    lines = [f"{'out-of-sample goal (issue #12)':<{width}}  target    value    "]
    for g in goals:
        verdict = "met" if g["met"] else "NOT MET"
        lines.append(f"{g['goal']:<{width}}  {g['target']:<8}  {g['value']:<7}  {verdict}")
    return "\n".join(lines)
