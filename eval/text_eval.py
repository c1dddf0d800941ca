"""Text eval: the scorer against a plain `rapidfuzz.fuzz.ratio` baseline, on the same pairs.

In sample (`in_sample`): the shared dev pairs (`$IPWATCH_SHARED_DIR/eval/text_pairs_dev.csv`,
default `../shared`), on which the rules were written, and a synthetic set made here
deterministically (tricks applied to generated brand-like marks, many unrelated pairs), which was
in view while tuning. Out of sample (`out_of_sample`): `eval/oos_eval.py` on
`eval/data/oos_pairs.csv`, real brand names nobody tunes to, with the goals of issue #12.

Reports ROC AUC, recall at 0.1% false alerts where there are ≥ 1,000 negatives (with fewer, the
recall with no false alert at all, named so), recall and false-alert rate at the alert threshold,
and recall per kind of trick (`python -m eval.text_eval`).
"""

from __future__ import annotations

import csv
import json
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import opencc
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from eval import oos_eval
from eval.metrics import baseline_at_rate, per_kind, score_metrics
from infringement.similarity.config import MatchConfig, load_config
from infringement.similarity.normalize import prepare
from infringement.similarity.pinyin import pinyin_table
from infringement.similarity.scoring import score_pair

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "infringement"
SEED = 20240604

SYLLABLES = (  # noqa: SIM905
    "ka lo ri ven tor mi sa zen ax el ro qua tri bel dor fi gra lux mon nor pex sol "
    "tek vi wen yor zu bra cor den fal gen hal ion jar kel lin mar nex oro pra quin "
    "ren sta tal ul var wex xan yel zor ber cam dex ero fox gal hex ivo jun kor lum "
    "mir nov opt pol rix sen tur"
).split()
GENERIC = "pro plus home tech kids max star lab care life smart air go one".split()  # noqa: SIM905
PRODUCTS = (  # noqa: SIM905
    "wireless earbuds|phone case|running shoes|power bank|face cream|led lamp|backpack"
).split("|")
SHOP = ["official store", "original", "2024 new", "hot sale", "free shipping", "genuine"]
HANZI_POOL = (
    "康师傅华美龙凤金星光明东方长城海天宝福鑫盛达恒泰安源雅丽佳乐家和百千万中国新老好利"
    "德顺兴隆益丰瑞祥嘉欣宏图伟业鸿运飞腾永信诚创汇通科技电器食品服饰鞋业家居云峰山水"
    "青松白雪红梅绿叶蓝天阳春秋月星辰江河湖泊草原森林花园果园茶香酒香米面油盐糖果奶"
)
HAN_ADDED = ["老", "新", "山水", "家居", "食品", "科技", "电器", "日本料理", "精选", "坚果"]
HAN_TITLE = ["正品", "官方旗舰店", "同款", "新款", "包邮", "特价"]
HAN_GOODS = ["插座", "衣柜", "奶粉", "茶叶", "手机壳", "洗发水", "面包"]
# Textbook look-alike pairs (形近字); disjoint from the pairs used to check the build of
# data/infringement/shape_similar_hanzi.csv, and none come from the dev pairs.
LOOKALIKE = (  # noqa: SIM905
    "休体 木本 八入 天夭 主王 田电 闻问 清请 情清 抱跑 泡炮 饱抱 蜂峰 峰锋 杨扬 场汤 扬场 输愉 偷愉 证征 瓣辨 羸嬴 暑署 孤狐 准淮 即既 券卷 "
    "延廷 仍扔 斤斥 氏民 尺尽 宇字 怀坏 须需 使驶 失夫"
).split()
_FUZZY_SPELLING = {"zh": "z", "ch": "c", "sh": "s", "z": "zh", "c": "ch", "s": "sh"}
LEET = str.maketrans({"o": "0", "l": "1", "e": "3", "a": "а", "c": "с", "p": "р"})
Pair = tuple[str, str, str]  # mark_a, mark_b, kind


def _latin_mark(rnd: random.Random) -> str:
    word = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.choice((2, 2, 3))))
    if rnd.random() < 0.2:
        word += " " + "".join(rnd.choice(SYLLABLES) for _ in range(2))
    return word.upper()


def _han_mark(rnd: random.Random) -> str:
    n = rnd.choice((2, 3, 3, 4))
    chars = [rnd.choice(HANZI_POOL) for _ in range(n)]
    if rnd.random() < 0.5:
        pair = rnd.choice(LOOKALIKE)
        chars[rnd.randrange(n)] = pair[rnd.randrange(2)]
    return "".join(chars)


def _edit(word: str, rnd: random.Random, kind: str) -> str:
    letters = "abcdefghijklmnoprstuvwz"
    i = rnd.randrange(1, max(2, len(word) - 1))
    if kind == "substitute":
        return word[:i] + rnd.choice(letters.replace(word[i].lower(), "")).upper() + word[i + 1 :]
    if kind == "transpose":
        return word[:i] + word[i + 1 : i + 2] + word[i] + word[i + 2 :]
    if kind == "insert":
        return word[:i] + rnd.choice(letters).upper() + word[i:]
    return word[:i] + word[i + 1 :]


def _sound(word: str, rnd: random.Random) -> str:
    low = word.lower()
    swaps = [("c", "k"), ("k", "c"), ("ph", "f"), ("f", "ph"), ("s", "z"), ("z", "s"), ("i", "y")]
    swaps += [("y", "i"), ("x", "ks"), ("qu", "kw"), ("v", "w"), ("o", "oo")]
    options = [(a, b) for a, b in swaps if a in low[1:]]
    a, b = rnd.choice(options) if options else ("", "")
    return (low[0] + low[1:].replace(a, b, 1)).upper() if a else low.upper() + "Z"


def _latin_tricks(mark: str, rnd: random.Random) -> list[Pair]:
    word = mark.replace(" ", "")
    out = [(mark, _edit(mark, rnd, k), f"latin-{k}") for k in ("substitute", "transpose")]
    out += [(mark, _edit(mark, rnd, k), f"latin-{k}") for k in ("insert", "delete")]
    if len(word) >= 7:
        twice = _edit(_edit(mark, rnd, "substitute"), rnd, rnd.choice(("insert", "delete")))
        out.append((mark, twice, "latin-two-edits"))
    first = rnd.choice("BCDFGHKLMNPRSTVZ".replace(mark[0], ""))
    out.append((mark, first + mark[1:], "latin-first-letter"))
    leet = (
        mark.replace("M", "RN")
        if "M" in mark and rnd.random() < 0.3
        else mark.lower().translate(LEET).upper()
    )
    out += [(mark, leet, "latin-homoglyph"), (mark, _sound(mark, rnd), "latin-sound-alike")]
    out += [(mark, mark + "S", "latin-plural"), (mark, mark.title(), "latin-case")]
    half = len(word) // 2
    out += [(mark, f"{word[:half]}-{word[half:]}", "latin-spacing")]
    out += [(mark, f"{mark} {rnd.choice(GENERIC).upper()}", "latin-added-word")]
    if " " in mark:
        first, second = mark.split(" ", 1)
        out.append((mark, f"{second} {first}", "latin-word-order"))
    title = f"{rnd.choice(SHOP)} {mark.title()} {rnd.choice(PRODUCTS)} {rnd.choice(SHOP)}"
    out.append((mark, title, "latin-title"))
    look = mark.lower().translate(LEET)
    out.append((mark, f"{rnd.choice(SHOP)} {look} {rnd.choice(PRODUCTS)}", "latin-title-homoglyph"))
    typo = _edit(mark, rnd, "substitute") if len(word) >= 6 else mark
    out.append(
        (mark, f"{typo.lower()} {rnd.choice(PRODUCTS)} {rnd.choice(SHOP)}", "latin-title-typo")
    )
    return out


def _homophone(ch: str, rnd: random.Random, table: dict[str, tuple[str, ...]]) -> str:
    reading = table.get(ch, ("",))[0]
    options = [
        c for c in HANZI_POOL + "".join(LOOKALIKE) if c != ch and table.get(c, ("",))[0] == reading
    ]
    return rnd.choice(options) if options else ch


def _han_tricks(mark: str, rnd: random.Random, to_trad: Callable[[str], str]) -> list[Pair]:
    table = pinyin_table()
    out: list[Pair] = []
    for i, ch in enumerate(mark):
        pair = next((p for p in LOOKALIKE if ch in p), None)
        if pair:
            other = pair[1] if ch == pair[0] else pair[0]
            altered = mark[:i] + other + mark[i + 1 :]
            out.append((mark, altered, "han-shape"))
            title = f"{rnd.choice(HAN_TITLE)}{altered}{rnd.choice(HAN_GOODS)}"
            out.append((mark, title, "han-title-shape"))
            break
    if len(mark) >= 3:
        i = rnd.randrange(1, len(mark))
        sub = _homophone(mark[i], rnd, table)
        if sub != mark[i]:
            out.append((mark, mark[:i] + sub + mark[i + 1 :], "han-same-sound"))
        other = rnd.choice(HANZI_POOL.replace(mark[i], ""))
        out.append((mark, mark[:i] + other + mark[i + 1 :], "han-one-different"))
    trad = to_trad(mark)
    if trad != mark:
        out.append((mark, trad, "han-traditional"))
    if len(set(mark)) > 1:
        out.append(
            (mark, mark[::-1] if len(mark) == 2 else mark[1] + mark[0] + mark[2:], "han-reorder")
        )
    added = rnd.choice(HAN_ADDED)
    out.append((mark, added + mark if len(added) == 1 else mark + added, "han-added-word"))
    goods = rnd.choice(HAN_GOODS)
    out.append((mark, f"{rnd.choice(HAN_TITLE)}{mark}{goods} {rnd.choice(HAN_TITLE)}", "han-title"))
    reading = [table.get(c, ("?",))[0] for c in mark]
    out.append((mark, "".join(reading).upper(), "han-pinyin"))
    out.append((mark, " ".join(reading).upper(), "han-pinyin-spaced"))
    out.append((mark, f"{mark}{''.join(reading).upper()}", "han-with-pinyin"))
    fuzzy = [_FUZZY_SPELLING.get(r[:2], r[:2]) + r[2:] for r in reading]
    if fuzzy != reading:
        out.append((mark, "".join(fuzzy).upper(), "han-pinyin-fuzzy"))
    return out


def _unrelated(a: str, b: str) -> bool:
    """Keep a random pair as unrelated unless one contains the other or they are one edit apart."""
    x, y = a.lower().replace(" ", ""), b.lower().replace(" ", "")
    return x not in y and y not in x and Levenshtein.distance(x, y) > 1


def synthetic_pairs(n_marks: int = 300, n_unrelated: int = 20_000) -> tuple[list[Pair], list[Pair]]:
    """Return (positives, unrelated) pairs, the same on every run (fixed seed)."""
    rnd = random.Random(SEED)
    to_trad = opencc.OpenCC("s2t").convert
    latin = sorted({_latin_mark(rnd) for _ in range(n_marks)})
    han = sorted({_han_mark(rnd) for _ in range(n_marks)})
    positives = [p for m in latin for p in _latin_tricks(m, rnd)]
    positives += [p for m in han for p in _han_tricks(m, rnd, to_trad)]
    pools = {
        "latin": (latin, [b for _, b, k in positives if k == "latin-title"]),
        "han": (han, [b for _, b, k in positives if k == "han-title"]),
    }
    unrelated: list[Pair] = []
    while len(unrelated) < n_unrelated:
        script = rnd.choice(("latin", "han"))
        marks, titles = pools[script]
        a = rnd.choice(marks)
        roll = rnd.random()
        b = rnd.choice(marks if roll < 0.8 else titles if roll < 0.95 else latin + han)
        if _unrelated(a, b):
            unrelated.append((a, b, f"unrelated-{script}"))
    return positives, unrelated


def translation_pairs(data_dir: Path) -> tuple[list[Pair], list[Pair]]:
    """Return brand ~ Chinese name pairs from the shipped table, and mismatched ones as unrelated."""
    with (data_dir / "brand_translations.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(x for x in handle if not x.startswith("#")))
    pairs = [(r["brand"], r["alias"], "translation-table") for r in rows]
    rnd = random.Random(SEED)
    unrelated = []
    for brand, _, _ in pairs:
        for _ in range(8):
            other = rnd.choice(rows)
            if other["brand"] != brand:
                unrelated.append((brand, other["alias"], "unrelated-cross-script"))
    for i, x in enumerate(rows):
        for y in rows[i + 1 :]:
            if x["brand"] != y["brand"]:
                unrelated.append((x["brand"], y["brand"], "unrelated-real-brands"))
                unrelated.append((x["alias"], y["alias"], "unrelated-real-brands"))
    return pairs, unrelated


def dev_pairs(shared: Path) -> list[tuple[str, str, int, str]]:
    """Read the shared dev pairs: (mark_a, mark_b, label 1/0, kind)."""
    path = shared / "eval" / "text_pairs_dev.csv"
    with path.open(encoding="utf-8-sig") as handle:
        return [
            (r["mark_a"], r["mark_b"], int(r["label"]), r["kind"]) for r in csv.DictReader(handle)
        ]


def _ours(config: MatchConfig) -> Callable[[str, str], float]:
    return lambda a, b: score_pair(prepare(a, config), prepare(b, config), config).score


def baseline(a: str, b: str) -> float:
    """What a user would write first: `rapidfuzz.fuzz.ratio` on the two texts as given."""
    return fuzz.ratio(a, b)


def scores(pairs: list[Pair], score: Callable[[str, str], float]) -> np.ndarray:
    """Score every pair."""
    return np.array([score(a, b) for a, b, _ in pairs], dtype=float)


def evaluate(
    pos: list[Pair], neg: list[Pair], score: Callable[[str, str], float], threshold: float
) -> dict[str, Any]:
    """Score every pair and compute the figures, with recall per kind of positive."""
    ps, ns = scores(pos, score), scores(neg, score)
    out = score_metrics(ps, ns, threshold)
    cut = out.get("score_cut_at_0.1pct_false_alerts")
    out["per_kind"] = per_kind(ps, [k for _, _, k in pos], threshold, cut)
    return out


def evaluate_baseline(pos: list[Pair], neg: list[Pair], ours_rate: float) -> dict[str, Any]:
    """The baseline on the same pairs, at its own threshold giving our false-alert rate."""
    ps, ns = scores(pos, baseline), scores(neg, baseline)
    out = score_metrics(ps, ns, None)
    out["at_our_false_alert_rate"] = baseline_at_rate(ps, ns, ours_rate)
    return out


def worst(
    pos: list[Pair], neg: list[Pair], score: Callable[[str, str], float], n: int = 15
) -> dict[str, list[Any]]:
    """The lowest-scoring positives and highest-scoring unrelated pairs (to read, not to tune to)."""
    low = sorted(((score(a, b), a, b, k) for a, b, k in pos))[:n]
    high = sorted(((score(a, b), a, b, k) for a, b, k in neg), reverse=True)[:n]
    return {"lowest_positives": low, "highest_unrelated": high}


def _shared_dir() -> Path:
    return Path(os.environ.get("IPWATCH_SHARED_DIR", ROOT.parent / "shared"))


def _dev(config: MatchConfig, no_table: MatchConfig, details: bool) -> dict[str, Any] | None:
    """The development pairs: in sample, the rules were written on them."""
    if not (_shared_dir() / "eval" / "text_pairs_dev.csv").exists():
        return None
    dev = dev_pairs(_shared_dir())
    pos = [(a, b, k) for a, b, label, k in dev if label == 1]
    neg = [(a, b, k) for a, b, label, k in dev if label == 0]
    ours = evaluate(pos, neg, _ours(config), config.threshold)
    out: dict[str, Any] = {
        "what": "IN SAMPLE: the shared development pairs the rules were written and tuned on",
        "ours": ours,
        "ours_without_translation_table": evaluate(pos, neg, _ours(no_table), config.threshold),
        "baseline_fuzz_ratio": evaluate_baseline(pos, neg, ours["false_alert_rate_at_threshold"]),
    }
    if details:
        out["worst"] = worst(pos, neg, _ours(config))
    return out


def _synthetic(
    config: MatchConfig, no_table: MatchConfig, data_dir: Path, details: bool
) -> dict[str, Any]:
    """The synthetic set made here (seen while tuning) and the translation table's own pairs."""
    pos, neg = synthetic_pairs()
    tpos, tneg = translation_pairs(data_dir)
    ours = evaluate(pos, neg + tneg, _ours(config), config.threshold)
    out: dict[str, Any] = {
        "what": "IN SAMPLE: tricks on generated marks, made by this file and seen while tuning; "
        "the translation table's own pairs are left out of `ours`",
        "ours": ours,
        "baseline_fuzz_ratio": evaluate_baseline(
            pos, neg + tneg, ours["false_alert_rate_at_threshold"]
        ),
        "translation_table_own_pairs": {
            "what": "the table's rows scored with the table: a check that it loads, not a measure",
            **evaluate(tpos, tneg, _ours(config), config.threshold),
        },
        "sound_only_translations": {
            "what": "the table's rows scored with the table switched off (sound alone)",
            **evaluate(
                [(a, b, "transliteration-by-sound") for a, b, _ in tpos],
                tneg,
                _ours(no_table),
                config.threshold,
            ),
        },
    }
    if details:
        out["worst"] = worst(pos, neg + tneg, _ours(config))
    return out


def run(data_dir: Path = DATA, *, details: bool = False) -> dict[str, Any]:
    """Run the whole text eval and return the results as a JSON-ready dict."""
    config = load_config(data_dir)
    no_table = MatchConfig(
        stop_words=config.stop_words,
        related_classes=config.related_classes,
        shape_similar=config.shape_similar,
    )
    results: dict[str, Any] = {"threshold": config.threshold, "in_sample": {}}
    dev = _dev(config, no_table, details)
    if dev is not None:
        results["in_sample"]["dev"] = dev
    results["in_sample"]["synthetic"] = _synthetic(config, no_table, data_dir, details)
    results["out_of_sample"] = oos_eval.run(_ours(config), baseline, config.threshold)
    pos, neg = synthetic_pairs()
    results["speed"] = _speed(config, [a for a, _, _ in pos] + [b for _, b, _ in neg])
    return results


def _speed(config: MatchConfig, texts: list[str]) -> dict[str, float]:
    """Microseconds to prepare one mark and to score one prepared pair (averages)."""
    start = time.perf_counter()
    prepared = [prepare(t, config) for t in texts]
    prep = (time.perf_counter() - start) / len(texts) * 1e6
    rnd = random.Random(SEED)
    pairs = [(rnd.choice(prepared), rnd.choice(prepared)) for _ in range(5000)]
    start = time.perf_counter()
    for a, b in pairs:
        score_pair(a, b, config)
    pair = (time.perf_counter() - start) / len(pairs) * 1e6
    return {"prepare_us_per_mark": round(prep, 2), "score_pair_us_per_pair": round(pair, 1)}


if __name__ == "__main__":
    print(json.dumps(run(details=True), ensure_ascii=False, indent=1))
