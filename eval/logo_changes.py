"""What counterfeiters do to a logo, as functions of (image, random generator) -> image.

`TRANSFORMS` are the changes the engine was tuned on; `HELD_OUT_TRANSFORMS` measure the
held-out family with harder, differently drawn versions of two of them: words added close to
the logo on any side, in larger type; crops of up to 30% of the logo with more off a second side.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps

from eval.logo_sets import colour as _colour
from eval.logo_sets import font as _font
from eval.logo_sets import fonts as _fonts

Transform = Callable[[Image.Image, random.Random], Image.Image]


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def _background(img: Image.Image) -> tuple[int, ...]:
    return tuple(int(v) for v in np.median(np.asarray(img)[:3].reshape(-1, 3), axis=0))


def _content_box(img: Image.Image) -> tuple[int, int, int, int]:
    arr = np.asarray(img).astype(np.int16)
    ink = np.abs(arr - np.array(_background(img))).max(axis=2) > 40
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def recolour(img: Image.Image, rnd: random.Random) -> Image.Image:
    """Turn the hues by a third to two thirds of the wheel and change the saturation."""
    hsv = np.asarray(img.convert("HSV")).copy()
    hsv[..., 0] = (hsv[..., 0].astype(int) + rnd.randint(60, 190)) % 256
    hsv[..., 1] = np.clip(hsv[..., 1] * rnd.uniform(0.6, 1.4) + 40, 0, 255)
    return Image.fromarray(hsv, "HSV").convert("RGB")


def invert(img: Image.Image, rnd: random.Random) -> Image.Image:
    return ImageOps.invert(img)


def crop(img: Image.Image, rnd: random.Random) -> Image.Image:
    """Cut 15–25% of the logo itself off one side (and a little off another)."""
    x0, y0, x1, y1 = _content_box(img)
    cut, small = rnd.uniform(0.15, 0.25), rnd.uniform(0.0, 0.05)
    w, h = x1 - x0, y1 - y0
    box = [x0 - 10, y0 - 10, x1 + 10, y1 + 10]
    side = rnd.randrange(4)
    box[side] += int((cut if side < 2 else -cut) * (w if side % 2 == 0 else h))
    other = (side + 1) % 4
    box[other] += int((small if other < 2 else -small) * (w if other % 2 == 0 else h))
    return img.crop(tuple(box))


def rotate(img: Image.Image, rnd: random.Random) -> Image.Image:
    angle = rnd.choice([-1, 1]) * rnd.uniform(4, 15)
    return img.rotate(
        angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=_background(img)
    )


def skew(img: Image.Image, rnd: random.Random) -> Image.Image:
    """Shear the logo by 8–20°, mostly sideways (a slanted, italicised copy), else up or down."""
    shear = math.tan(math.radians(rnd.uniform(8, 20))) * rnd.choice([-1, 1])
    width, height = img.size
    if rnd.random() < 0.7:  # each output (x, y) reads the input at (x + shear·y − shift, y)
        size = (width + math.ceil(abs(shear) * height), height)
        data = (1, shear, -max(shear, 0) * height, 0, 1, 0)
    else:
        size = (width, height + math.ceil(abs(shear) * width))
        data = (1, 0, 0, shear, 1, -max(shear, 0) * width)
    return img.transform(
        size, Image.Transform.AFFINE, data, Image.Resampling.BICUBIC, fillcolor=_background(img)
    )


def add_text(img: Image.Image, rnd: random.Random) -> Image.Image:
    """Add a word under or beside the logo (a shop name, 正品, NEW)."""
    latin, cjk = _fonts()
    word = (
        rnd.choice(["NEW", "ORIGINAL", "PRO", "STORE"])
        if not cjk or rnd.random() < 0.5
        else rnd.choice(["正品", "旗舰店", "新款"])
    )
    font = _font(cjk if not word.isascii() else latin, rnd, img.height // 9)
    below = rnd.random() < 0.6
    extra = (0, img.height // 4) if below else (img.width // 2, 0)
    out = Image.new("RGB", (img.width + extra[0], img.height + extra[1]), _background(img))
    out.paste(img, (0, 0))
    where = (img.width * 0.2, img.height * 1.02) if below else (img.width * 1.02, img.height * 0.4)
    ImageDraw.Draw(out).text(where, word, fill=_colour(rnd), font=font)
    return out


def border(img: Image.Image, rnd: random.Random) -> Image.Image:
    """Draw a frame around the logo, with a margin."""
    pad = rnd.randint(10, 40)
    out = ImageOps.expand(img, border=pad, fill=_background(img))
    ImageDraw.Draw(out).rectangle(
        [4, 4, out.width - 5, out.height - 5], outline=_colour(rnd), width=rnd.randint(3, 10)
    )
    return out


def mirror(img: Image.Image, rnd: random.Random) -> Image.Image:
    return ImageOps.mirror(img)


def blur(img: Image.Image, rnd: random.Random) -> Image.Image:
    return img.filter(ImageFilter.GaussianBlur(rnd.uniform(2, 4)))


def recompress(img: Image.Image, rnd: random.Random) -> Image.Image:
    small = img.resize((img.width // 2, img.height // 2), Image.Resampling.BILINEAR)
    return _jpeg(small, rnd.randint(8, 20)).convert("RGB")


def product_photo(img: Image.Image, rnd: random.Random) -> Image.Image:
    """Shrink the logo onto a product (a box with shading) in an 800×800 photo."""
    photo = Image.new("RGB", (800, 800), _colour(rnd, dark=False))
    grad = np.linspace(0, rnd.uniform(30, 80), 800, dtype=np.float32)[None, :, None]
    arr = np.clip(
        np.asarray(photo, dtype=np.float32)
        - grad
        + np.random.default_rng(rnd.randrange(1 << 30)).normal(0, 4, (800, 800, 3)),
        0,
        255,
    )
    photo = Image.fromarray(arr.astype(np.uint8))
    draw = ImageDraw.Draw(photo)
    x0, y0 = rnd.randint(80, 200), rnd.randint(80, 200)
    draw.rounded_rectangle(
        [x0, y0, 800 - x0, 800 - y0 + 60], radius=30, fill=_colour(rnd, dark=False)
    )
    side = int(rnd.uniform(0.3, 0.45) * 800)
    logo = img.resize((side, side * img.height // img.width), Image.Resampling.LANCZOS)
    where = (400 - side // 2 + rnd.randint(-40, 40), 400 - logo.height // 2 + rnd.randint(-40, 40))
    if rnd.random() < 0.5:  # printed on the product: the ink only
        ink = np.abs(np.asarray(logo, dtype=np.int16) - _background(logo)).max(axis=2) > 40
        photo.paste(logo, where, Image.fromarray((ink * 255).astype(np.uint8)))
    else:  # a label: the logo on its own background
        photo.paste(logo, where)
    return _jpeg(ImageEnhance.Brightness(photo).enhance(rnd.uniform(0.85, 1.1)), 80).convert("RGB")


TRANSFORMS: dict[str, Transform] = {
    "recolour": recolour,
    "invert": invert,
    "crop": crop,
    "rotate": rotate,
    "skew": skew,
    "add_text": add_text,
    "border": border,
    "mirror": mirror,
    "blur": blur,
    "recompress": recompress,
    "product_photo": product_photo,
}


def two_at_once(img: Image.Image, rnd: random.Random) -> Image.Image:
    """Two of the other alterations in a row (counted towards the goal like the others)."""
    first, second = rnd.sample([t for t in TRANSFORMS.values() if t is not product_photo], 2)
    return second(first(img, rnd), rnd)


def _content(img: Image.Image) -> tuple[int, int, int, int]:
    """Return the content box (left, top, right, bottom), the whole image when it is blank."""
    arr = np.asarray(img).astype(np.int16)
    ink = np.abs(arr - np.array(_background(img))).max(axis=2) > 40
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not rows.size:
        return 0, 0, img.width, img.height
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


SHOP_WORDS = ["OFFICIAL STORE", "SALE", "HOT", "2024 NEW", "TOP QUALITY", "FACTORY"]
SHOP_HANZI = ["正品保证", "旗舰店", "官方", "新品上市", "热卖"]


def add_text_close(img: Image.Image, rnd: random.Random) -> Image.Image:
    """Add a shop word in large type close to the logo: below, above or beside it."""
    latin, cjk = _fonts()
    hanzi = bool(cjk) and rnd.random() < 0.4
    word = rnd.choice(SHOP_HANZI if hanzi else SHOP_WORDS)
    x0, y0, x1, y1 = _content(img)
    size = max(8, int((y1 - y0) * rnd.uniform(0.12, 0.22)))
    face = _font(cjk if hanzi else latin, rnd, size)
    probe = ImageDraw.Draw(img).textbbox((0, 0), word, font=face)
    tw, th = probe[2] - probe[0], probe[3] - probe[1]
    side = rnd.choices(["below", "beside", "above"], [0.5, 0.3, 0.2])[0]
    gap = rnd.uniform(0.03, 0.1) * ((x1 - x0) if side == "beside" else (y1 - y0))
    if side == "below":
        at = (x0 + rnd.uniform(0, max(1.0, (x1 - x0) - tw)), y1 + gap)
    elif side == "above":
        at = (x0 + rnd.uniform(0, max(1.0, (x1 - x0) - tw)), y0 - gap - th)
    else:
        at = (x1 + gap, y0 + rnd.uniform(0.2, 0.6) * (y1 - y0))
    left, top = min(0, int(at[0]) - 10), min(0, int(at[1] - probe[1]) - 10)
    right = max(img.width, int(at[0] + tw) + 10)
    bottom = max(img.height, int(at[1] + th + probe[1]) + 10)
    out = Image.new("RGB", (right - left, bottom - top), _background(img))
    out.paste(img, (-left, -top))
    where = (at[0] - left - probe[0], at[1] - top - probe[1])
    ImageDraw.Draw(out).text(where, word, fill=_colour(rnd), font=face)
    return out


def crop_deep(img: Image.Image, rnd: random.Random) -> Image.Image:
    """Cut 15–30% of the logo itself off one side and up to 10% off a neighbouring side."""
    x0, y0, x1, y1 = _content(img)
    w, h = x1 - x0, y1 - y0
    box = [x0 - 10, y0 - 10, x1 + 10, y1 + 10]
    side = rnd.randrange(4)
    cut = rnd.uniform(0.15, 0.3)
    box[side] += int((cut if side < 2 else -cut) * (w if side % 2 == 0 else h))
    other = (side + rnd.choice([1, 3])) % 4
    small = rnd.uniform(0.0, 0.1)
    box[other] += int((small if other < 2 else -small) * (w if other % 2 == 0 else h))
    return img.crop(tuple(box))


HELD_OUT_TRANSFORMS: dict[str, Transform] = {
    **TRANSFORMS,
    "crop": crop_deep,
    "add_text": add_text_close,
}


def two_at_once_held_out(img: Image.Image, rnd: random.Random) -> Image.Image:
    """Two of the held-out alterations in a row."""
    changes = [t for t in HELD_OUT_TRANSFORMS.values() if t is not product_photo]
    first, second = rnd.sample(changes, 2)
    return second(first(img, rnd), rnd)
