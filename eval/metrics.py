"""Figures shared by the text evals: ROC AUC, recall at a false-alert rate, verdicts at a threshold.

A false-alert rate is only reported where there are at least `MIN_NEGATIVES` negatives (below
that, 0.1% of them is less than one pair, so "recall at 0.1%" would really mean "recall with no
false alert at all"); with fewer, `recall_at_zero_false_alerts` is reported instead, named so.
"""

from __future__ import annotations

from typing import Any

import numpy as np

FALSE_ALERT_RATE = 0.001
MIN_NEGATIVES = 1_000


def roc_auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """ROC AUC as the chance a positive outscores a negative (ties count half)."""
    scores = np.concatenate([pos, neg])
    order = scores.argsort(kind="mergesort")
    ranks = np.empty(len(scores))
    _, first, counts = np.unique(scores[order], return_index=True, return_counts=True)
    ranks[order] = np.repeat(first + (counts + 1) / 2.0, counts)
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def cut_at_rate(neg: np.ndarray, rate: float) -> float:
    """The score a pair must exceed so that at most `rate` of the negatives exceed it."""
    allowed = int(rate * len(neg))
    ordered = np.sort(neg)[::-1]
    return float(ordered[allowed]) if allowed < len(ordered) else float("-inf")


def _recall(pos: np.ndarray, above: float, *, strict: bool) -> float:
    hits = pos > above if strict else pos >= above
    return round(float(hits.mean()), 3) if len(pos) else float("nan")


def score_metrics(pos: np.ndarray, neg: np.ndarray, threshold: float | None) -> dict[str, Any]:
    """AUC; recall at 0.1% false alerts (≥ 1,000 negatives) or with none; verdicts at threshold.

    `threshold` None (a baseline with no alert threshold of its own) leaves the verdicts out.
    """
    out: dict[str, Any] = {
        "positives": len(pos),
        "negatives": len(neg),
        "roc_auc": round(roc_auc(pos, neg), 4),
    }
    if len(neg) >= MIN_NEGATIVES:
        cut = cut_at_rate(neg, FALSE_ALERT_RATE)
        out["score_cut_at_0.1pct_false_alerts"] = round(cut, 2)
        out["recall_at_0.1pct_false_alerts"] = _recall(pos, cut, strict=True)
    else:
        out["recall_at_zero_false_alerts"] = _recall(pos, float(neg.max()), strict=True)
        out["no_false_alert_rate_because"] = f"{len(neg)} negatives (< {MIN_NEGATIVES:,})"
    if threshold is not None:
        out["recall_at_threshold"] = _recall(pos, threshold, strict=False)
        out["false_alert_rate_at_threshold"] = round(float((neg >= threshold).mean()), 5)
    return out


def baseline_at_rate(pos: np.ndarray, neg: np.ndarray, rate: float) -> dict[str, Any]:
    """A baseline's recall at its own threshold chosen to give (at most) the same false-alert rate."""
    cut = cut_at_rate(neg, rate)
    return {
        "at_false_alert_rate": round(rate, 5),
        "its_threshold_above": round(cut, 2),
        "recall": _recall(pos, cut, strict=True),
        "false_alert_rate": round(float((neg > cut).mean()), 5),
    }


def per_kind(
    pos: np.ndarray, kinds: list[str], threshold: float, cut: float | None
) -> dict[str, dict[str, Any]]:
    """Recall per kind of imitation at the threshold (and at the 0.1% cut when there is one)."""
    out: dict[str, dict[str, Any]] = {}
    for kind in sorted(set(kinds)):
        mask = np.array([k == kind for k in kinds])
        row: dict[str, Any] = {"n": int(mask.sum())}
        row["recall_at_threshold"] = _recall(pos[mask], threshold, strict=False)
        if cut is not None:
            row["recall_at_0.1pct_false_alerts"] = _recall(pos[mask], cut, strict=True)
        out[kind] = row
    return out
