"""Goods words: the Nice classes of a listing read from its product words, with the shipped table
for what users will see and small tables written here for the matching rules and bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from infringement.goods_words import (
    GoodsKeywords,
    GoodsKeywordsError,
    classes_for,
    load_goods_keywords,
    singular,
    strip_goods,
)

TABLE = Path(__file__).parents[2] / "data" / "infringement" / "goods_keywords.csv"
HEADER = "keyword,lang,classes,source\n"


@pytest.fixture(scope="module")
def shipped() -> GoodsKeywords:
    return load_goods_keywords(TABLE)


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "goods.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "classes"),
    [
        pytest.param("KANGDAA 角磨机 125mm 1200W 打磨切割", (7,), id="angle-grinder-is-a-machine"),
        pytest.param("32件套 棘轮扳手套装 铬钒钢", (8,), id="spanner-set-is-a-hand-tool"),
        pytest.param("20V 无刷电动扳手", (7,), id="powered-wrench-hides-hand-wrench"),
        pytest.param("螺丝刀 十字 一字", (8,), id="screwdriver-hides-screw"),
        pytest.param("20吨 立式液压千斤顶", (7,), id="hydraulic-jack-is-a-machine"),
        pytest.param("千斤顶 2吨", (7, 8), id="plain-jack-may-be-either"),
        pytest.param("Hydraulic Bottle Jacks 20 t", (7,), id="english-plural-longest-phrase"),
        pytest.param("Hand pallet jack 3 t", (12,), id="pallet-jack-is-a-cart-not-a-jack"),
        pytest.param("ＨＹＤＲＡＵＬＩＣ　ＣＹＬＩＮＤＥＲ", (7,), id="full-width-folded"),
        pytest.param("20V 4.0Ah 锂电池包 + 快速充电器", (9,), id="battery-and-charger"),
        pytest.param(
            "Cordless drill with 2 batteries and a charger", (7, 9), id="tool-kit-two-classes"
        ),
        pytest.param("LED 充电式手电筒 强光", (11,), id="flashlight-is-lighting"),
        pytest.param("手电钻 家用", (7,), id="hand-held-drill-is-not-a-torch"),
        pytest.param("Safety shoes, steel toe", (9,), id="safety-shoes-protective-not-clothing"),
        pytest.param("Men's running shoes", (25,), id="shoes-are-footwear"),
        pytest.param("电焊机 220V 家用小型", (7,), id="welding-machine"),
        pytest.param("Smart watches for men", (9,), id="smartwatch-not-a-wristwatch"),
        pytest.param("Rubber O-rings assortment", (17,), id="o-ring-not-jewellery"),
        pytest.param("笔记本电脑 双肩包", (9, 18), id="laptop-and-rucksack"),
        pytest.param("纯棉 T恤 短袖", (25,), id="tee-shirt"),
        pytest.param("Jacket with hood", (25,), id="jacket-is-not-jack"),
        pytest.param("旗舰店 正品 包邮", (), id="shop-words-only"),
        pytest.param("", (), id="empty"),
    ],
)
def test_shipped_table_reads_listing_titles(
    shipped: GoodsKeywords, text: str, classes: tuple[int, ...]
) -> None:
    assert classes_for(text, shipped) == classes


def test_shipped_table_is_tool_heavy(shipped: GoodsKeywords) -> None:
    machines = sum(1 for c in [*shipped.chinese.values(), *shipped.english.values()] if 7 in c)
    assert len(shipped.chinese) >= 100 and len(shipped.english) >= 100
    assert machines >= 100


def test_result_is_sorted_and_unique(tmp_path: Path) -> None:
    table = load_goods_keywords(write(tmp_path, "saw,en,8;7,x\ndrill,en,7,x\n电池,zh,9,x\n"))
    assert classes_for("电池 drill saw drills", table) == (7, 8, 9)


def test_english_words_match_whole_words_only(tmp_path: Path) -> None:
    table = load_goods_keywords(write(tmp_path, "jack,en,7,x\ncap,en,25,x\n"))
    assert classes_for("jacket and capsule", table) == ()
    assert classes_for("JACK, cap.", table) == (7, 25)


def test_chinese_longest_match_wins_over_sub_words(tmp_path: Path) -> None:
    body = "扳手,zh,8,x\n电动扳手,zh,7,x\n手电,zh,11,x\n"
    table = load_goods_keywords(write(tmp_path, body))
    assert classes_for("电动扳手", table) == (7,)
    assert classes_for("电动扳手 和 扳手", table) == (7, 8)


@pytest.mark.parametrize(
    ("plural", "single"),
    [
        ("batteries", "battery"),
        ("wrenches", "wrench"),
        ("boxes", "box"),
        ("shoes", "shoe"),
        ("glasses", "glass"),
        ("dress", "dress"),
        ("bus", "bus"),
    ],
)
def test_singular(plural: str, single: str) -> None:
    assert singular(plural) == single


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        pytest.param("drill,en,7,x\nsaw,en,46,x\n", 3, "unknown Nice class '46'", id="class-46"),
        pytest.param("drill,en,seven,x\n", 2, "unknown Nice class 'seven'", id="class-word"),
        pytest.param("drill,en,,x\n", 2, "no Nice class", id="no-class"),
        pytest.param(" ,en,7,x\n", 2, "empty keyword", id="empty-keyword"),
        pytest.param("drill,fr,7,x\n", 2, "unknown lang 'fr'", id="unknown-lang"),
        pytest.param("drill,zh,7,x\n", 2, "has no Hanzi", id="latin-marked-chinese"),
        pytest.param("电钻,en,7,x\n", 2, "must be Latin letters", id="hanzi-marked-english"),
        pytest.param("drill,en,7,x\nDrills,en,8,x\n", 3, "repeats line 3", id="duplicate"),
    ],
)
def test_bad_row_names_file_and_line(tmp_path: Path, body: str, line: int, words: str) -> None:
    path = write(tmp_path, "# a comment line\n" + body)
    with pytest.raises(GoodsKeywordsError) as info:
        load_goods_keywords(path)
    assert info.value.line == line + 1  # the comment line counts
    assert str(path) in str(info.value) and f"line {line + 1}" in str(info.value)
    assert words in str(info.value)


def test_missing_column_is_refused_and_a_missing_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "goods.csv"
    path.write_text("keyword,lang\ndrill,en\n", encoding="utf-8")
    with pytest.raises(GoodsKeywordsError, match="missing column"):
        load_goods_keywords(path)
    absent = load_goods_keywords(tmp_path / "absent.csv")  # like the other tables: empty
    assert classes_for("电钻 drill", absent) == ()


def test_a_title_without_its_product_words_and_sizes_is_what_may_be_a_mark(shipped):
    assert strip_goods("KANGDAA 角磨机 125mm 1200W 家用多功能打磨切割机", shipped).startswith(
        "KANGDAA"
    )
    assert "角磨机" not in strip_goods("KANGDAA 角磨机 125mm", shipped)
    assert (
        strip_goods("HENGYAA hydraulic cylinder double acting", shipped) == "HENGYAA double acting"
    )


def test_a_title_that_is_only_product_words_is_kept_whole(shipped):
    assert strip_goods("电钻", shipped) == "电钻"
    assert strip_goods("20V 电钻", shipped) == "20V 电钻"


def test_a_brand_written_like_a_size_is_kept(shipped):
    assert strip_goods("3M 电钻", shipped) == "3M"
