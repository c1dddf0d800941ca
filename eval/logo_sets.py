"""Synthetic logos for the logo eval: the family the engine was tuned on, and a held-out one.

`make_logo` (in-sample) draws one to three filled shapes and often a word on a square canvas; the
hashing views and thresholds were tuned on it. `make_heldout_logo` draws logos of other kinds,
never looked at while tuning: badges with knocked-out bars or initials, line-art emblems, wide
lock-ups of an icon beside a word, monograms; other canvas shapes, thin strokes, dark grounds.
Each logo's parts are drawn with continuous random sizes and positions, so that two logos of the
set are different designs, not the same design twice (which would make false "false alerts").
"""

from __future__ import annotations

import functools
import math
import random
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = [Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts/opentype")]
LATIN = "ABCDEFGHJKLMNPRSTUVWXYZ"
HANZI = "康师傅雨森华美龙凤金星光明东方长城海天宝福鑫盛达恒泰安源"


@functools.cache
def fonts() -> tuple[list[Path], list[Path]]:
    """Return the system's Latin and CJK TrueType fonts (either list may be empty)."""
    found = sorted(p for d in FONT_DIRS if d.is_dir() for p in d.rglob("*.tt[fc]"))
    cjk = [p for p in found if "CJK" in p.name]
    return [p for p in found if "CJK" not in p.name and "Math" not in p.name], cjk


def font(paths: list[Path], rnd: random.Random, size: int) -> ImageFont.ImageFont:
    """Return a random font of `paths` at `size` pixels (Pillow's own when there is none)."""
    if not paths:
        return ImageFont.load_default(size=size)  # type: ignore[return-value]
    return ImageFont.truetype(str(rnd.choice(paths)), size=size)  # type: ignore[return-value]


def colour(rnd: random.Random, dark: bool = True) -> tuple[int, int, int]:
    """Return a random dark (or light) RGB colour."""
    low, high = (0, 170) if dark else (150, 256)
    return (rnd.randrange(low, high), rnd.randrange(low, high), rnd.randrange(low, high))


def ink(rnd: random.Random, background: tuple[int, int, int]) -> tuple[int, int, int]:
    """Return a dark colour that stands out from `background`."""
    while True:
        found = colour(rnd)
        if max(abs(a - b) for a, b in zip(found, background, strict=True)) > 90:
            return found


def _shape(draw: ImageDraw.ImageDraw, rnd: random.Random, box: list[float], fill: Any) -> None:
    kind = rnd.choice(["ellipse", "rect", "triangle", "star", "ring", "polygon", "arc"])
    width = rnd.randint(6, 18)
    x0, y0, x1, y1 = box
    if kind == "ellipse":
        draw.ellipse(box, fill=fill)
    elif kind == "rect":
        draw.rounded_rectangle(box, radius=rnd.randint(0, 40), fill=fill)
    elif kind == "ring":
        draw.ellipse(box, outline=fill, width=width)
    elif kind == "arc":
        draw.arc(box, rnd.randint(0, 180), rnd.randint(200, 350), fill=fill, width=width)
    else:
        n = {"triangle": 3, "star": 10, "polygon": rnd.randint(5, 8)}[kind]
        draw.polygon(_star((x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, n, kind, rnd), fill=fill)


def _star(
    cx: float, cy: float, r: float, n: int, kind: str, rnd: random.Random
) -> list[tuple[float, float]]:
    spin = rnd.random() * math.pi
    radius = [r * (0.45 if kind == "star" and i % 2 else 1) for i in range(n)]
    return [
        (
            cx + radius[i] * math.cos(spin + 2 * math.pi * i / n),
            cy + radius[i] * math.sin(spin + 2 * math.pi * i / n),
        )
        for i in range(n)
    ]


def make_logo(rnd: random.Random) -> Image.Image:
    """Draw one in-sample logo: one to three shapes in one or two colours, and often a word."""
    side = rnd.choice([300, 400, 500])
    background = (255, 255, 255) if rnd.random() < 0.7 else colour(rnd, dark=False)
    img = Image.new("RGB", (side, side), background)
    draw = ImageDraw.Draw(img)
    inks = [ink(rnd, background) for _ in range(2)]
    shapes = rnd.randint(1, 3)
    for _ in range(shapes):
        size = rnd.uniform(0.3, 0.7) * side
        x, y = (
            rnd.uniform(0.1 * side, 0.9 * side - size),
            rnd.uniform(0.1 * side, 0.9 * side - size),
        )
        _shape(draw, rnd, [x, y, x + size, y + size], rnd.choice(inks))
    if shapes == 1 or rnd.random() < 0.6:
        latin, cjk = fonts()
        if cjk and rnd.random() < 0.4:
            word = "".join(rnd.choice(HANZI) for _ in range(rnd.randint(1, 3)))
            face = font(cjk, rnd, side // 5)
        else:
            word = "".join(rnd.choice(LATIN) for _ in range(rnd.randint(2, 6)))
            face = font(latin, rnd, side // 6)
        draw.text(
            (side * rnd.uniform(0.1, 0.3), side * rnd.uniform(0.3, 0.7)),
            word,
            fill=rnd.choice(inks),
            font=face,
        )
    return img


def _word(rnd: random.Random, letters: tuple[int, int]) -> str:
    return "".join(rnd.choice(LATIN) for _ in range(rnd.randint(*letters)))


def _badge(
    draw: ImageDraw.ImageDraw, rnd: random.Random, box: list[float], fg: Any, bg: Any
) -> None:
    """A filled badge (rounded box, disc, hexagon, shield) with bars or an initial knocked out."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    kind = rnd.choice(["rounded", "disc", "hexagon", "shield"])
    if kind == "rounded":
        draw.rounded_rectangle(box, radius=rnd.uniform(0.05, 0.3) * min(w, h), fill=fg)
    elif kind == "disc":
        draw.ellipse(box, fill=fg)
    elif kind == "hexagon":
        centre = ((x0 + x1) / 2, (y0 + y1) / 2, min(w, h) / 2)
        draw.regular_polygon(centre, 6, rotation=rnd.uniform(0, 60), fill=fg)
    else:
        waist = rnd.uniform(0.4, 0.75)
        tip = ((x0 + x1) / 2 + rnd.uniform(-0.1, 0.1) * w, y1)
        draw.polygon([(x0, y0), (x1, y0), (x1, y0 + waist * h), tip, (x0, y0 + waist * h)], fill=fg)
    if rnd.random() < 0.5:  # separate bars, the kind of logo that once crashed the hashing
        _bars(draw, rnd, [x0 + 0.22 * w, y0 + 0.22 * h, x1 - 0.22 * w, y1 - 0.3 * h], bg)
    else:
        latin, _ = fonts()
        face = font(latin, rnd, int(rnd.uniform(0.35, 0.55) * min(w, h)))
        at = ((x0 + x1) / 2 + rnd.uniform(-0.08, 0.08) * w, (y0 + y1) / 2)
        draw.text(at, rnd.choice(LATIN), fill=bg, font=face, anchor="mm")


def _bars(draw: ImageDraw.ImageDraw, rnd: random.Random, box: list[float], fill: Any) -> None:
    """Draw 2–6 separate bars of random thickness and length across `box`, upright or not."""
    bars, upright = rnd.randint(2, 6), rnd.random() < 0.5
    across = (box[2] - box[0]) if upright else (box[3] - box[1])
    along = (box[1], box[3]) if upright else (box[0], box[2])
    length = along[1] - along[0]
    for k in range(bars):
        t0, t1 = k / bars, (k + rnd.uniform(0.25, 0.75)) / bars
        a = along[0] + rnd.uniform(0, 0.3) * length
        b = along[1] - rnd.uniform(0, 0.3) * length
        start = (box[0] if upright else box[1]) + t0 * across
        end = (box[0] if upright else box[1]) + t1 * across
        draw.rectangle([start, a, end, b] if upright else [a, start, b, end], fill=fill)


def _emblem(draw: ImageDraw.ImageDraw, rnd: random.Random, box: list[float], fg: Any) -> None:
    """Line art: nested outlines around a random polyline, a cross, dots or a letter."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    stroke = max(2, int(rnd.uniform(0.02, 0.06) * min(w, h)))
    outline_kind = rnd.choice(["ellipse", "rectangle", "rounded", "octagon"])
    for k in range(rnd.randint(1, 3)):
        m = k * rnd.uniform(0.08, 0.14) * min(w, h)
        outline = [x0 + m, y0 + m, x1 - m, y1 - m]
        if outline_kind == "ellipse":
            draw.ellipse(outline, outline=fg, width=stroke)
        elif outline_kind == "rectangle":
            draw.rectangle(outline, outline=fg, width=stroke)
        elif outline_kind == "rounded":
            radius = rnd.uniform(0.1, 0.3) * min(w, h)
            draw.rounded_rectangle(outline, radius=radius, outline=fg, width=stroke)
        else:
            r = min(outline[2] - outline[0], outline[3] - outline[1]) / 2
            centre = ((x0 + x1) / 2, (y0 + y1) / 2, r)
            draw.regular_polygon(centre, 8, rotation=22.5, outline=fg, width=stroke)
    cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, rnd.uniform(0.15, 0.26) * min(w, h)
    middle = rnd.choice(["polyline", "cross", "dots", "letter"])
    if middle == "polyline":
        count = rnd.randint(3, 5)
        points = [
            (cx - r + 2 * r * (i + rnd.uniform(-0.3, 0.3)) / (count - 1), cy + rnd.uniform(-r, r))
            for i in range(count)
        ]
        draw.line(points, fill=fg, width=rnd.randint(1, 2) * stroke, joint="curve")
    elif middle == "cross":
        spin = rnd.uniform(0, math.pi / 2)
        for arm in range(rnd.choice([2, 3, 4])):
            angle = spin + arm * math.pi / 2
            reach = r * rnd.uniform(0.5, 1.0)
            draw.line(
                [(cx, cy), (cx + reach * math.cos(angle), cy + reach * math.sin(angle))],
                fill=fg,
                width=2 * stroke,
            )
    elif middle == "dots":
        rows, cols, dot = rnd.randint(2, 4), rnd.randint(2, 4), stroke * rnd.uniform(1, 2)
        for i in range(cols):
            for j in range(rows):
                if rnd.random() < 0.7:
                    px = cx + (i - (cols - 1) / 2) * r * 0.7
                    py = cy + (j - (rows - 1) / 2) * r * 0.7
                    draw.ellipse([px - dot, py - dot, px + dot, py + dot], fill=fg)
    else:
        latin, _ = fonts()
        face = font(latin, rnd, int(1.6 * r))
        draw.text((cx, cy), rnd.choice(LATIN), fill=fg, font=face, anchor="mm")


def _icon(
    draw: ImageDraw.ImageDraw, rnd: random.Random, box: list[float], fg: Any, bg: Any
) -> None:
    if rnd.random() < 0.5:
        _badge(draw, rnd, box, fg, bg)
    else:
        _emblem(draw, rnd, box, fg)


def make_heldout_logo(rnd: random.Random) -> Image.Image:
    """Draw one held-out logo: a badge, an emblem, a monogram or a wide icon-and-word lock-up."""
    kind = rnd.choice(["badge", "emblem", "monogram", "lockup"])
    if kind == "lockup":
        size = (rnd.choice([480, 560, 640]), rnd.choice([160, 200, 240]))
    else:
        size = rnd.choice([(320, 320), (360, 280), (280, 360), (420, 420)])
    width, height = size
    dark = rnd.random() < 0.15
    background = (
        colour(rnd) if dark else (255, 255, 255) if rnd.random() < 0.75 else colour(rnd, dark=False)
    )
    fg = colour(rnd, dark=False) if dark else ink(rnd, background)
    img = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(img)
    latin, _ = fonts()
    if kind == "lockup":
        side = rnd.uniform(0.6, 0.85) * height
        top = (height - side) / 2
        _icon(draw, rnd, [0.06 * width, top, 0.06 * width + side, top + side], fg, background)
        face = font(latin, rnd, int(rnd.uniform(0.3, 0.42) * height))
        draw.text(
            (0.1 * width + side, height / 2), _word(rnd, (3, 7)), fill=fg, font=face, anchor="lm"
        )
        return img
    margin = rnd.uniform(0.08, 0.2)
    box = [margin * width, margin * height, (1 - margin) * width, (1 - margin) * height]
    if kind == "badge":
        _badge(draw, rnd, box, fg, background)
    elif kind == "emblem":
        _emblem(draw, rnd, box, fg)
    else:
        stroke = rnd.randint(3, 10)
        if rnd.random() < 0.5:
            draw.ellipse(box, outline=fg, width=stroke)
        else:
            draw.rectangle(box, outline=fg, width=stroke)
        face = font(latin, rnd, int(0.35 * min(width, height)))
        letters = _word(rnd, (1, 2))
        draw.text((width / 2, height / 2), letters, fill=fg, font=face, anchor="mm")
    return img
