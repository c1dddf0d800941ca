"""Draw the demo marketplace's product pictures into `img/` (240×240 PNGs, flat drawings).

Three pictures carry a logo: `charger_genuine.png` the real KANGDA logo (the company's own shop),
`battery_logo.png` and `battery_logo_box.png` a recoloured, cropped copy of it (the imitation
ipwatch should find by logo). The logo is read from `data/demo/logos/kangda.png`, so build the
logos first. Run: `.venv/bin/python data/demo_sites/market/build_images.py` (needs pillow and numpy).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
LOGO = HERE.parents[1] / "demo" / "logos" / "kangda.png"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SIDE = 240
BACKGROUND = (238, 240, 243)
IMITATION_RED = (232, 84, 30)  # KANGDA red (200, 30, 36) moved towards orange

Shape = tuple[str, tuple[int, ...], tuple[int, int, int]]
# name: (shapes drawn in order, label, label position)
PICTURES: dict[str, tuple[list[Shape], str, tuple[int, int]]] = {
    "grinder.png": (
        [
            ("rect", (40, 100, 190, 140), (60, 60, 66)),
            ("ellipse", (150, 70, 220, 170), (150, 150, 155)),
            ("rect", (20, 108, 44, 132), (30, 30, 30)),
        ],
        "KANGDAA",
        (56, 110),
    ),
    "grinder_side.png": (
        [
            ("rect", (30, 150, 210, 170), (60, 60, 66)),
            ("ellipse", (80, 60, 160, 140), (150, 150, 155)),
        ],
        "125mm",
        (84, 184),
    ),
    "drill.png": (
        [
            ("rect", (40, 60, 180, 110), (200, 30, 36)),
            ("rect", (90, 110, 130, 190), (40, 40, 44)),
            ("rect", (80, 190, 140, 220), (70, 70, 74)),
            ("rect", (180, 76, 220, 94), (150, 150, 155)),
        ],
        "KANGDA",
        (52, 74),
    ),
    "battery.png": (
        [("rect", (50, 70, 190, 180), (40, 40, 44)), ("rect", (70, 50, 170, 70), (70, 70, 74))],
        "20V 4.0Ah",
        (62, 112),
    ),
    "drill_plain.png": (
        [
            ("rect", (40, 60, 180, 110), (30, 110, 200)),
            ("rect", (90, 110, 130, 190), (40, 40, 44)),
            ("rect", (80, 190, 140, 220), (70, 70, 74)),
            ("rect", (180, 76, 220, 94), (150, 150, 155)),
        ],
        "20V",
        (90, 74),
    ),
    "hammer_drill.png": (
        [
            ("rect", (30, 80, 190, 125), (0, 120, 90)),
            ("rect", (50, 125, 85, 200), (40, 40, 44)),
            ("rect", (190, 94, 225, 110), (150, 150, 155)),
        ],
        "K-A-N-G-D-A",
        (36, 92),
    ),
    "rotary_hammer.png": (
        [
            ("rect", (30, 90, 200, 135), (90, 90, 96)),
            ("rect", (150, 135, 185, 205), (40, 40, 44)),
            ("rect", (200, 104, 230, 120), (150, 150, 155)),
        ],
        "KANGDA",
        (50, 102),
    ),
    "battery_logo.png": (
        [("rect", (10, 50, 230, 210), (225, 225, 228)), ("rect", (60, 30, 180, 50), (70, 70, 74))],
        "20V",
        (104, 176),
    ),
    "battery_logo_box.png": ([], "", (0, 0)),
    "charger_genuine.png": (
        [("rect", (30, 90, 210, 190), (52, 52, 56)), ("rect", (70, 70, 170, 90), (80, 80, 84))],
        "",
        (0, 0),
    ),
    "charger.png": (
        [
            ("rect", (30, 90, 210, 190), (230, 230, 232)),
            ("rect", (70, 70, 170, 90), (200, 200, 204)),
        ],
        "20V",
        (100, 130),
    ),
    "bottle_jack.png": (
        [
            ("rect", (70, 180, 170, 210), (200, 40, 40)),
            ("rect", (90, 80, 150, 180), (200, 40, 40)),
            ("rect", (110, 40, 130, 80), (160, 160, 165)),
            ("rect", (150, 150, 220, 160), (60, 60, 66)),
        ],
        "20T",
        (98, 120),
    ),
    "cylinder.png": (
        [
            ("rect", (20, 95, 160, 145), (30, 60, 140)),
            ("rect", (160, 112, 225, 128), (190, 190, 195)),
            ("ellipse", (8, 105, 32, 135), (30, 60, 140)),
        ],
        "HENGYAA",
        (34, 108),
    ),
    "tv.png": (
        [
            ("rect", (20, 50, 220, 170), (20, 20, 24)),
            ("rect", (28, 58, 212, 162), (60, 110, 170)),
            ("rect", (100, 170, 140, 200), (40, 40, 44)),
        ],
        "KANGWEI",
        (70, 102),
    ),
    "backpack.png": (
        [
            ("rect", (60, 50, 180, 210), (90, 120, 60)),
            ("rect", (80, 140, 160, 190), (70, 100, 50)),
            ("ellipse", (95, 30, 145, 70), (90, 120, 60)),
        ],
        "KANGAROO",
        (64, 100),
    ),
    "wrench_set.png": (
        [
            ("rect", (20, 60, 220, 190), (30, 30, 34)),
            ("rect", (40, 80, 200, 95), (190, 190, 195)),
            ("rect", (40, 110, 200, 125), (190, 190, 195)),
            ("rect", (40, 140, 200, 155), (190, 190, 195)),
        ],
        "32",
        (108, 162),
    ),
    "flashlight.png": (
        [
            ("rect", (40, 105, 170, 135), (30, 30, 34)),
            ("rect", (170, 95, 210, 145), (60, 60, 66)),
            ("ellipse", (200, 100, 220, 140), (250, 230, 120)),
        ],
        "LED",
        (80, 110),
    ),
    "workwear.png": (
        [
            ("rect", (70, 50, 170, 200), (30, 60, 120)),
            ("rect", (30, 50, 70, 140), (30, 60, 120)),
            ("rect", (170, 50, 210, 140), (30, 60, 120)),
        ],
        "",
        (0, 0),
    ),
    "kettle.png": (
        [
            ("ellipse", (60, 60, 180, 200), (200, 200, 205)),
            ("rect", (70, 190, 170, 210), (40, 40, 44)),
            ("rect", (170, 90, 200, 150), (40, 40, 44)),
        ],
        "1.7L",
        (96, 120),
    ),
    "pallet_truck.png": (
        [
            ("rect", (40, 160, 220, 175), (240, 180, 20)),
            ("rect", (40, 185, 220, 200), (240, 180, 20)),
            ("rect", (30, 60, 45, 200), (60, 60, 66)),
            ("ellipse", (20, 190, 50, 220), (30, 30, 30)),
        ],
        "HONGTA",
        (90, 120),
    ),
    "tea.png": (
        [
            ("rect", (50, 60, 190, 200), (150, 30, 30)),
            ("ellipse", (90, 100, 150, 160), (230, 200, 120)),
        ],
        "500g",
        (96, 172),
    ),
}


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Return DejaVu Sans Bold at `size` pixels, or Pillow's default font when it is missing."""
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def recoloured_logo() -> Image.Image:
    """Return the KANGDA logo with its red turned orange-red and 8% cut off the right."""
    rgb = np.asarray(Image.open(LOGO).convert("RGB")).copy()
    red = (rgb[..., 0] > 150) & (rgb[..., 1] < 90) & (rgb[..., 2] < 90)  # anti-aliased edges stay
    rgb[red] = IMITATION_RED
    logo = Image.fromarray(rgb)
    return logo.crop((0, 0, int(logo.width * 0.92), logo.height))


def draw(shapes: list[Shape], label: str, at: tuple[int, int]) -> Image.Image:
    """Draw one product picture from its shapes and a white or dark label."""
    img = Image.new("RGB", (SIDE, SIDE), BACKGROUND)
    pen = ImageDraw.Draw(img)
    for kind, box, colour in shapes:
        if kind == "ellipse":
            pen.ellipse(box, fill=colour)
        else:
            pen.rectangle(box, fill=colour)
    if label:
        under = img.getpixel(at)
        dark = isinstance(under, tuple) and sum(under[:3]) > 450
        pen.text(at, label, font=font(18), fill=(30, 30, 30) if dark else (255, 255, 255))
    return img


def build(name: str) -> Image.Image:
    """Return the picture `name`, with its logo where it has one."""
    shapes, label, at = PICTURES[name]
    img = draw(shapes, label, at)
    if name == "battery_logo_box.png":  # a close-up of the box: the copied logo fills it
        logo = recoloured_logo()
        img.paste(logo.resize((224, 224 * logo.height // logo.width)), (8, 76))
    elif name == "battery_logo.png":  # the copied badge, without its white margin, on the pack
        badge = recoloured_logo().crop((10, 18, 331, 142))
        img.paste(badge.resize((190, 190 * badge.height // badge.width)), (25, 70))
    elif name == "charger_genuine.png":
        img.paste(Image.open(LOGO).convert("RGB").resize((160, 71)), (40, 104))
    return img


def main() -> None:
    """Write every picture into img/."""
    out = HERE / "img"
    out.mkdir(exist_ok=True)
    for name in PICTURES:
        build(name).save(out / name, optimize=True)
    print(f"wrote {len(PICTURES)} pictures into {out}")


if __name__ == "__main__":
    main()
