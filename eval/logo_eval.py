"""Logo eval: what counterfeiters do to a logo, and recall at 1% false alerts per transformation,
on the logos the engine was tuned on and on a held-out family (`python -m eval.logo_eval`).

Positives pair a logo with an altered copy of itself; negatives pair it with altered copies of
other logos. The threshold is set on the negatives of all transformations together (two_at_once
included), separately for each family. The logos are drawn by `eval.logo_sets`, the changes by
`eval.logo_changes`. In sample: the family the views and thresholds were tuned on (seed 7).
Held out: another generator with harder word-adding and cropping; a sample of it (seed 31) was
used to choose between variants of the views, so the figures reported here are from a fresh
sample (seed 2028) measured once. `python -m eval.logo_eval --write` updates the `logo` part
of `eval/results.json` and leaves the rest of the file alone.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from eval.logo_changes import (
    HELD_OUT_TRANSFORMS,
    TRANSFORMS,
    Transform,
    recolour,
    two_at_once,
    two_at_once_held_out,
)
from eval.logo_sets import fonts, make_heldout_logo, make_logo
from infringement.similarity.logo_index import LogoIndex
from infringement.similarity.logo_match import MATCH_SCORE, Logo, compare_logos

__all__ = ["make_heldout_logo", "make_logo", "recolour", "run"]
RESULTS = Path(__file__).resolve().parent / "results.json"


def _encode(img: Image.Image, fmt: str) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, quality=90) if fmt == "JPEG" else img.save(buf, fmt)
    return buf.getvalue()


def threshold_at(neg: np.ndarray, rate: float) -> float:
    """Return the lowest score threshold keeping false alerts (negatives at or above) <= `rate`."""
    for threshold in np.unique(neg):
        if np.mean(neg >= threshold) <= rate:
            return float(threshold)
    return math.inf


def roc_auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """Return the probability that a positive outscores a negative (ties count half)."""
    values = np.concatenate([pos, neg])
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    sorted_vals = values[order]
    _, start, counts = np.unique(sorted_vals, return_index=True, return_counts=True)
    ranks[order] = np.repeat(start + (counts + 1) / 2, counts)
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def _score_all(
    originals: list[Logo], altered: list[Logo], others: int, rerank: bool
) -> tuple[np.ndarray, np.ndarray]:
    pos = np.array(
        [compare_logos(o, a, rerank=rerank)[0] for o, a in zip(originals, altered, strict=True)]
    )
    neg = []
    for i, original in enumerate(originals):
        for j in random.Random(i).sample([k for k in range(len(altered)) if k != i], others):
            neg.append(compare_logos(original, altered[j], rerank=rerank)[0])
    return pos, np.array(neg)


def _index_recall(originals: list[Logo], altered: list[Logo]) -> float:
    """Return the share of altered copies whose original the screening index puts forward."""
    index = LogoIndex()
    for key, original in enumerate(originals):
        index.add_logo(key, original.hashes)
    found = [key in {h.key for h in index.search_logo(a.hashes)} for key, a in enumerate(altered)]
    return round(float(np.mean(found)), 3)


def _figures(scored: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict[str, Any]:
    """Return recall per transformation at the 1%-false-alert threshold of all negatives."""
    negatives = np.concatenate([neg for _, neg in scored.values()])
    positives = np.concatenate([pos for pos, _ in scored.values()])
    threshold = threshold_at(negatives, 0.01)
    per = {
        name: {
            "recall_at_1pct_false_alerts": round(float(np.mean(pos >= threshold)), 3),
            "recall_at_default_threshold": round(float(np.mean(pos >= MATCH_SCORE)), 3),
            "roc_auc": round(roc_auc(pos, neg), 4),
        }
        for name, (pos, neg) in scored.items()
    }
    worst = min(per, key=lambda name: per[name]["recall_at_1pct_false_alerts"])
    return {
        "threshold_at_1pct_false_alerts": round(threshold, 2),
        "recall_at_1pct_false_alerts": round(float(np.mean(positives >= threshold)), 3),
        "recall_at_default_threshold": round(float(np.mean(positives >= MATCH_SCORE)), 3),
        "false_alert_rate_at_default_threshold": round(float(np.mean(negatives >= MATCH_SCORE)), 4),
        "per_transformation": per,
        "worst_transformation": worst,
        "worst_recall": per[worst]["recall_at_1pct_false_alerts"],
    }


def evaluate(
    draw: Callable[[random.Random], Image.Image],
    changes: dict[str, Transform],
    logos: int,
    others: int,
    seed: int,
) -> dict[str, Any]:
    """Draw `logos` logos, alter each in every way of `changes`, score positives and sampled
    negatives."""
    rnd = random.Random(seed)
    drawn = [draw(rnd) for _ in range(logos)]
    started = time.perf_counter()
    originals = [Logo.open(_encode(img, "PNG")) for img in drawn]
    altered: dict[str, list[Logo]] = {}
    for name, transform in changes.items():
        made = [transform(img, random.Random(f"{seed}-{name}-{i}")) for i, img in enumerate(drawn)]
        altered[name] = [Logo.open(_encode(img, "JPEG")) for img in made]
    hashing_ms = (time.perf_counter() - started) * 1000 / (logos * (len(altered) + 1))
    result: dict[str, Any] = {"logos": logos, "seed": seed, "negatives_per_logo": others}
    for rerank in (False, True):
        scored = {n: _score_all(originals, a, others, rerank) for n, a in altered.items()}
        result["orb_rerank" if rerank else "hashes_only"] = _figures(scored)
    result["index_recall"] = {n: _index_recall(originals, a) for n, a in altered.items()}
    result["ms_per_image_made_and_hashed"] = round(hashing_ms, 2)
    return result


IN_SAMPLE = {**TRANSFORMS, "two_at_once": two_at_once}
HELD_OUT = {**HELD_OUT_TRANSFORMS, "two_at_once": two_at_once_held_out}
GOAL = {"recall_at_1pct_false_alerts": 0.93, "every_transformation": 0.85}


def run(
    logos: int = 200, others: int = 40, seed: int = 7, held_out_seed: int = 2028
) -> dict[str, Any]:
    """Measure both families (in-sample: the tuning family; held-out); return the figures."""
    result: dict[str, Any] = {
        "in_sample": evaluate(make_logo, IN_SAMPLE, logos, others, seed),
        "held_out": evaluate(make_heldout_logo, HELD_OUT, logos, others, held_out_seed),
    }
    result["fonts"] = "system TrueType fonts" if any(fonts()) else "Pillow's default font only"
    result["goal"] = (
        f"with ORB re-ranking, recall >= {GOAL['recall_at_1pct_false_alerts']} at 1% false "
        f"alerts overall and >= {GOAL['every_transformation']} for every transformation "
        "(two_at_once included), on each family"
    )
    result["goal_met"] = {
        family: figures["orb_rerank"]["recall_at_1pct_false_alerts"]
        >= GOAL["recall_at_1pct_false_alerts"]
        and figures["orb_rerank"]["worst_recall"] >= GOAL["every_transformation"]
        for family, figures in result.items()
        if family in ("in_sample", "held_out")
    }
    return result


def write_results(result: dict[str, Any], path: Path = RESULTS) -> None:
    """Replace the `logo` part of the results file, keeping every other part as it is."""
    results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    results["logo"] = result
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the logo eval, print it, and with `--write` store it in `eval/results.json`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="update the logo part of results.json")
    parser.add_argument("--logos", type=int, default=200, help="logos per family")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = run(logos=args.logos)
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.write:
        write_results(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
