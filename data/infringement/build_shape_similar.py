"""Build shape_similar_hanzi.csv: look-alike Hanzi (形近字) measured on rendered glyphs.

Source: the 6,763 Hanzi of GB 2312-80 (read from Python's gb2312 codec), drawn with the font
Noto Sans CJK SC (SIL Open Font License; Debian package fonts-noto-cjk), blurred and compared as
normalised bitmaps. Three kinds of look-alike pairs are kept:

- glyph: the whole characters look alike (师/帅, 雪/雷, 未/末): mutual nearest neighbours with
  a high cosine similarity of the blurred bitmaps;
- component: same right-hand component with another radical (哈/恰, 清/请);
- radical: one character is the other with a radical added (丰/沣, 羊/洋).

Run: `.venv/bin/python data/infringement/build_shape_similar.py [FONT]` (needs numpy, pillow);
the CSV is the reviewed output and may be edited by hand (add or delete rows).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = Path(__file__).with_name("shape_similar_hanzi.csv")
SIZE, GRID, SIGMA = 64, 24, 2.5
TOP_K = 5


def gb2312_hanzi() -> str:
    """Return the 6,763 Hanzi of GB 2312 in code order (level 1 first)."""
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(out)


def draw(ch: str, font: ImageFont.FreeTypeFont) -> Image.Image:
    """Draw one character white on black on an 80×80 canvas."""
    im = Image.new("L", (80, 80), 0)
    ImageDraw.Draw(im).text((8, 2), ch, fill=255, font=font)
    return im


def vector(im: Image.Image) -> np.ndarray:
    """Square-pad, blur and shrink an image to a GRID×GRID vector."""
    w, h = im.size
    m = max(w, h, 1)
    sq = Image.new("L", (m, m), 0)
    sq.paste(im, ((m - w) // 2, (m - h) // 2))
    sq = sq.filter(ImageFilter.GaussianBlur(SIGMA * m / 80)).resize((GRID, GRID), Image.BILINEAR)
    return np.asarray(sq, dtype=np.float32).ravel()


def ink(im: Image.Image) -> Image.Image:
    """Crop to the ink box."""
    box = im.getbbox()
    return im.crop(box) if box else im


def right_part(im: Image.Image) -> Image.Image:
    """Crop the right-hand component: from 42% of the ink box's width."""
    box = im.getbbox() or (0, 0, im.width, im.height)
    left, top, right, bottom = box
    return ink(im.crop((left + int((right - left) * 0.42), top, right, bottom)))


def normed(rows: list[np.ndarray]) -> np.ndarray:
    """Centre and scale each row to unit length (so a dot product is a cosine)."""
    m = np.stack(rows)
    m = m - m.mean(axis=1, keepdims=True)
    return m / (np.linalg.norm(m, axis=1, keepdims=True) + 1e-9)


def neighbours(sim: np.ndarray, floor: float, k: int) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine) where j is among i's k nearest with a cosine of at least floor."""
    out = []
    top = np.argsort(-sim, axis=1)[:, :k]
    for i, row in enumerate(top):
        for j in row:
            if j != i and sim[i, j] >= floor:
                out.append((i, int(j), float(sim[i, j])))
    return out


def build(font_path: str) -> dict[tuple[str, str], tuple[float, str]]:
    """Measure every kind of look-alike and keep the best similarity (0–1) per pair."""
    font = ImageFont.truetype(font_path, SIZE, index=2)
    chars = gb2312_hanzi()
    glyphs = [draw(c, font) for c in chars]
    em = normed([vector(g) for g in glyphs])
    inked = normed([vector(ink(g)) for g in glyphs])
    right = normed([vector(right_part(g)) for g in glyphs])
    whole = np.maximum(em @ em.T, inked @ inked.T)
    np.fill_diagonal(whole, -1.0)
    shared = right @ right.T
    np.fill_diagonal(shared, -1.0)
    added = right @ inked.T
    np.fill_diagonal(added, -1.0)
    found: dict[tuple[str, str], tuple[float, str]] = {}

    def keep(i: int, j: int, value: float, basis: str) -> None:
        key = (chars[min(i, j)], chars[max(i, j)])
        if key not in found or found[key][0] < value:
            found[key] = (round(value, 2), basis)

    for i, j, s in neighbours(whole, 0.86, TOP_K) + neighbours(whole, 0.8, 2):
        keep(i, j, 0.5 + 0.5 * min(1.0, max(0.0, s - 0.8) / 0.16), "glyph")
    for i, j, _ in neighbours(shared, 0.85, 2 * TOP_K):
        keep(i, j, 0.55 + 0.3 * whole[i, j].clip(0, 1), "component")
    for i, j, _ in neighbours(added, 0.7, 1):
        keep(i, j, 0.5, "radical")
    return found


# Textbook look-alike pairs used only to check the parameters above (not shipped, not in eval).
CHECK = (  # noqa: SIM905
    "己已 已巳 戊戌 戌戍 末未 土士 日曰 人入 大太 太犬 贝见 今令 免兔 候侯 拔拨 折拆 干千 千于 鸟乌 壁璧 辩辨 辨辫 晴睛 情请 侍待 待持 做作 "
    "冶治 栽载 载裁 刺剌 徽微 析折 祟崇 汩汨 茶荼 亨享 撤撒 盲育 幕墓 募慕 季李 历厉 仑仓 伐代 乒乓 洒酒 狠狼 问间 卯卵 母毋"
).split()


def check(found: dict[tuple[str, str], tuple[float, str]]) -> None:
    """Print how many of the CHECK pairs were found."""
    missed = [p for p in CHECK if (p[0], p[1]) not in found and (p[1], p[0]) not in found]
    print(f"check pairs found: {len(CHECK) - len(missed)}/{len(CHECK)}; missed: {' '.join(missed)}")


def main() -> None:
    """Write the CSV with a provenance header."""
    found = build(sys.argv[1] if len(sys.argv) > 1 else FONT)
    check(found)
    lines = [
        "# Look-alike Hanzi (形近字) measured on Noto Sans CJK SC glyphs of the GB 2312 Hanzi;",
        "# built by build_shape_similar.py (see its docstring). similarity: 0-1. Edit freely.",
        "char_a,char_b,similarity,basis",
    ]
    for (a, b), (value, basis) in sorted(found.items()):
        lines.append(f"{a},{b},{value:.2f},{basis}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(found)} pairs -> {OUT}")


if __name__ == "__main__":
    main()
