"""Draw the demo brands' logos: `kangda.png` (KANGDA / 康达) and `hengya.png` (HENGYA / 恒压).

Made-up logos for the made-up demo company; trademarks.csv points at them (`mark_image`).
Run: `.venv/bin/python data/demo/logos/build_logos.py` (needs pillow; uses DejaVu Sans Bold when
installed, Pillow's own font otherwise). The demo marketplace's imitation picture is derived from
`kangda.png` by `data/demo_sites/market/build_images.py`: run this first.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
KANGDA_RED = (200, 30, 36)
HENGYA_BLUE = (27, 79, 156)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Return DejaVu Sans Bold at `size` pixels, or Pillow's default font when it is missing."""
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def centred_text(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    text: str,
    size: int,
    fill: tuple[int, int, int],
) -> None:
    """Draw `text` centred in `box` (left, top, right, bottom)."""
    face = font(size)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=face)
    x = (box[0] + box[2] - (right - left)) // 2 - left
    y = (box[1] + box[3] - (bottom - top)) // 2 - top
    draw.text((x, y), text, font=face, fill=fill)


def draw_kangda(red: tuple[int, int, int] = KANGDA_RED, text: str = "KANGDA") -> Image.Image:
    """A red badge with a white lightning bolt and the word KANGDA, on white (360×160)."""
    img = Image.new("RGB", (360, 160), "white")
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((12, 20, 348, 140), radius=26, fill=red)
    bolt = [(62, 34), (34, 86), (58, 86), (44, 128), (90, 70), (64, 70), (82, 34)]
    draw.polygon(bolt, fill="white")
    centred_text(draw, (100, 20, 340, 140), text, 50, (255, 255, 255))
    draw.rectangle((110, 118, 330, 124), fill="white")
    return img


def draw_hengya() -> Image.Image:
    """A blue hexagon holding a white hydraulic ram, the word HENGYA under it, on white (240×240)."""
    img = Image.new("RGB", (240, 240), "white")
    draw = ImageDraw.Draw(img)
    draw.regular_polygon((120, 92, 78), 6, rotation=0, fill=HENGYA_BLUE)
    draw.rectangle((96, 44, 144, 112), fill="white")  # cylinder
    draw.rectangle((96, 62, 144, 68), fill=HENGYA_BLUE)  # piston seal
    draw.rectangle((112, 112, 128, 146), fill="white")  # rod
    draw.rectangle((100, 146, 140, 154), fill="white")  # saddle
    centred_text(draw, (10, 178, 230, 226), "HENGYA", 40, HENGYA_BLUE)
    return img


def main() -> None:
    """Write kangda.png and hengya.png next to this script."""
    draw_kangda().save(HERE / "kangda.png", optimize=True)
    draw_hengya().save(HERE / "hengya.png", optimize=True)
    print(f"wrote {HERE / 'kangda.png'} and {HERE / 'hengya.png'}")


if __name__ == "__main__":
    main()
