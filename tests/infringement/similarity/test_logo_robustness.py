"""Logos that are odd but valid images: each is hashed, or refused with a clear reason naming
it; never a crash. Slanted, worded and cropped copies are found."""

from __future__ import annotations

import io
import math
import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageOps

from infringement.similarity.logo_images import LogoError
from infringement.similarity.logo_match import MATCH_SCORE, Logo, compare_logos
from infringement.similarity.logo_views import content_box, ink_map
from infringement.similarity.logos import hash_logo
from tests.infringement.similarity.test_logos import draw_logo, jpeg, png


def bars_badge(size: int = 93) -> Image.Image:
    """A rounded rectangle of separate bars. At 93 pixels the gaps between the bars are two
    pixels high: inside the badge, rows of a gap hold no ink and no column holds three pixels of
    the gaps' own; the content box then once raised IndexError."""
    img = Image.new("RGB", (size, int(size * 0.74)), "black")
    stripes = Image.new("L", img.size, 0)
    draw = ImageDraw.Draw(stripes)
    period = max(3, size // 10)
    for y in range(0, img.height, period):
        draw.rectangle([0, y, img.width, y + period - 3], fill=255)
    mask = Image.new("L", img.size, 0)
    inset = max(1, size // 24)
    ImageDraw.Draw(mask).rounded_rectangle(
        [inset, inset, img.width - 1 - inset, img.height - 1 - inset],
        radius=max(1, size // 8),
        fill=255,
    )
    img.paste((200, 30, 30), (0, 0), Image.fromarray(np.minimum(stripes, mask)))
    return img


def encode(img: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **options)
    return buf.getvalue()


@pytest.mark.parametrize("size", [93, 300], ids=["small-two-pixel-gaps", "large"])
def test_the_badge_of_separate_bars_hashes_and_its_copies_match(size: int) -> None:
    badge = bars_badge(size)

    original = Logo.open(png(badge))

    for copy in (badge.resize((2 * size, badge.height * 2)), ImageOps.invert(badge)):
        score, why = compare_logos(original, Logo.open(png(copy)))
        assert score >= MATCH_SCORE, why
    score, why = compare_logos(original, Logo.open(jpeg(ImageOps.mirror(bars_badge(300)))))
    assert score >= MATCH_SCORE, why


def test_thin_line_art_is_trimmed_to_its_own_box() -> None:
    """A frame one pixel thin: no column holds three inked pixels, yet the box is the frame's."""
    img = Image.new("RGB", (300, 200), "white")
    ImageDraw.Draw(img).rectangle([40, 30, 250, 170], outline="black", width=1)

    box = content_box(ink_map(np.asarray(img))[0])

    assert box == (slice(30, 171), slice(40, 251))


def _animated() -> bytes:
    frames = [draw_logo(0), draw_logo(1)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=100)
    return buf.getvalue()


def _transparent(ink: str) -> bytes:
    """Logo 1 drawn in `ink` on a fully transparent ground."""
    shape = np.asarray(draw_logo(1).convert("L")) < 200
    rgba = np.zeros((*shape.shape, 4), np.uint8)
    rgba[..., :3] = 255 if ink == "white" else 0
    rgba[..., 3] = shape * 255
    return png(Image.fromarray(rgba, "RGBA"))


def _noise() -> bytes:
    return png(Image.fromarray(np.random.default_rng(1).integers(0, 256, (120, 160, 3), np.uint8)))


def _blobs() -> bytes:
    img = Image.new("RGB", (400, 400), "white")
    draw = ImageDraw.Draw(img)
    for x, y in [(10, 10), (370, 20), (30, 360), (360, 370), (200, 200)]:
        draw.ellipse([x, y, x + 20, y + 20], fill="navy")
    return png(img)


def _line(width: int) -> bytes:
    img = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(img).line([(20, 150), (380, 150)], fill="black", width=width)
    return png(img)


HASHED = {
    "palette": lambda: png(draw_logo(0).convert("P", palette=Image.Palette.ADAPTIVE)),
    "palette-with-transparency": lambda: encode(draw_logo(2).convert("P"), transparency=0),
    "grey": lambda: png(draw_logo(0).convert("L")),
    "one-bit": lambda: png(draw_logo(0).convert("1")),
    "cmyk-jpeg": lambda: jpeg(draw_logo(0).convert("CMYK")),
    "cmyk-tiff": lambda: encode(draw_logo(0).convert("CMYK"), "TIFF"),
    "16-bit-grey": lambda: png(
        Image.fromarray(np.asarray(draw_logo(0).convert("L")).astype(np.uint16) * 257)
    ),
    "float-tiff": lambda: encode(draw_logo(0).convert("F"), "TIFF"),
    "animated-gif": _animated,
    "webp": lambda: encode(draw_logo(1), "WEBP"),
    "bmp": lambda: encode(draw_logo(1), "BMP"),
    "ico": lambda: encode(draw_logo(1), "ICO"),
    "black-on-transparent": lambda: _transparent("black"),
    "white-on-transparent": lambda: _transparent("white"),
    "wide-4000x3": lambda: png(
        Image.fromarray(np.tile(np.array([[0] * 50 + [255] * 50], np.uint8), (3, 40)))
    ),
    "tall-3x4000": lambda: png(
        Image.fromarray(np.tile(np.array([[0] * 50 + [255] * 50], np.uint8), (3, 40)).T)
    ),
    "a-line-one-pixel-thin": lambda: _line(1),
    "separate-blobs-in-the-corners": _blobs,
    "noise": _noise,
    "bars-badge": lambda: png(bars_badge()),
    "bars-badge-tiny": lambda: png(bars_badge(12)),
}
REFUSED = {
    "all-white": (lambda: png(Image.new("RGB", (200, 100), "white")), "nothing is drawn"),
    "all-black": (lambda: jpeg(Image.new("RGB", (200, 100), "black")), "nothing is drawn"),
    "single-pixel": (lambda: png(Image.new("RGB", (1, 1), "white")), "nothing is drawn"),
    "fully-transparent": (
        lambda: png(Image.new("RGBA", (50, 50), (10, 200, 30, 0))),
        "nothing is drawn",
    ),
    "empty-file": (lambda: b"", "not a readable image"),
}


@pytest.mark.parametrize("make", HASHED.values(), ids=HASHED.keys())
def test_odd_but_valid_images_are_hashed(make) -> None:
    hashes = hash_logo(make(), name="odd.png")

    assert hashes.names[0] == "" and len(hashes.phash) == len(hashes.names) == len(hashes.kinds)


@pytest.mark.parametrize("make", HASHED.values(), ids=HASHED.keys())
def test_odd_but_valid_images_can_be_compared(make) -> None:
    """Hashes and local features alike: a sliver one pixel high once crashed ORB."""
    odd = Logo.open(make())

    assert compare_logos(odd, odd)[0] == 100.0
    assert 0 <= compare_logos(odd, Logo.open(png(draw_logo(0))))[0] <= 100


@pytest.mark.parametrize(("make", "reason"), REFUSED.values(), ids=REFUSED.keys())
def test_images_with_nothing_to_compare_are_refused_naming_them(make, reason: str) -> None:
    with pytest.raises(LogoError) as caught:
        Logo.open(make(), name="odd.png")

    assert str(caught.value).startswith(f"odd.png: {reason}")


def test_blank_images_do_not_match_each_other() -> None:
    """Hashed, two blank images would match at 100: they are refused instead."""
    for colour in ("white", "black", "red"):
        with pytest.raises(LogoError):
            hash_logo(png(Image.new("RGB", (300, 200), colour)))


@pytest.mark.parametrize(
    "other",
    [lambda: png(Image.fromarray(np.asarray(draw_logo(0).convert("L")).astype(np.uint16) * 257))],
    ids=["16-bit-grey-is-read-as-8-bit"],
)
def test_high_bit_depth_is_scaled_not_clipped(other) -> None:
    score, why = compare_logos(png(draw_logo(0).convert("L")), other())

    assert score == 100.0, why


def test_white_logo_on_transparent_matches_it_drawn_in_black() -> None:
    score, why = compare_logos(_transparent("white"), _transparent("black"))

    assert score >= 95, why


def _random_image(rnd: random.Random) -> bytes:
    """A random image: odd sizes and aspect ratios, shapes, lines, specks or noise, any mode."""
    width = rnd.choice([1, 2, 3, 7, 16, 50, 200, 900])
    height = max(1, int(width * rnd.choice([0.01, 0.1, 0.5, 1, 2, 10, 100])))
    img = Image.new("RGB", (width, min(height, 3000)), rnd.choice(["white", "black", "#ccc"]))
    draw = ImageDraw.Draw(img)
    for _ in range(rnd.randint(0, 6)):
        x0, y0 = rnd.uniform(0, img.width), rnd.uniform(0, img.height)
        x1, y1 = x0 + rnd.uniform(0, img.width / 2), y0 + rnd.uniform(0, img.height / 2)
        colour = tuple(rnd.randrange(256) for _ in range(3))
        kind = rnd.randrange(4)
        if kind == 0:
            draw.rectangle([x0, y0, x1, y1], fill=colour)
        elif kind == 1:
            draw.line([(x0, y0), (x1, y1)], fill=colour, width=rnd.randint(1, 3))
        elif kind == 2:
            draw.point([(x0, y0)], fill=colour)
        else:
            draw.ellipse([x0, y0, x1, y1], outline=colour, width=rnd.randint(1, 4))
    if rnd.random() < 0.15:
        noise = np.random.default_rng(rnd.randrange(1000)).normal(0, 40, (img.height, img.width, 3))
        img = Image.fromarray(np.clip(np.asarray(img) + noise, 0, 255).astype(np.uint8))
    mode = rnd.choice(["RGB", "L", "P", "RGBA", "CMYK", "1"])
    fmt = {"RGBA": "PNG", "CMYK": "TIFF", "1": "PNG"}.get(mode, rnd.choice(["PNG", "JPEG"]))
    if fmt == "JPEG" and mode == "P":
        mode = "L"
    return encode(img.convert(mode), fmt)


def test_random_images_are_hashed_or_refused_with_a_reason() -> None:
    """Fuzz: every image is hashed, or refused with a specific reason (not the fallback that
    stands in for an unexpected error)."""
    refused = []
    for seed in range(120):
        data = _random_image(random.Random(seed))
        try:
            Logo.open(data, name=f"fuzz-{seed}.png")
        except LogoError as exc:
            assert "cannot be hashed" not in str(exc), exc
            refused.append(str(exc))
    assert all(": nothing is drawn in it" in message for message in refused)
    assert len(refused) < 60  # most random images have something drawn in them


def slant(img: Image.Image, degrees: float) -> Image.Image:
    shear = math.tan(math.radians(degrees))
    width, height = img.size
    size = (width + math.ceil(abs(shear) * height), height)
    data = (1, shear, -max(shear, 0) * height, 0, 1, 0)
    return img.transform(size, Image.Transform.AFFINE, data, fillcolor="white")


def word_close_below(img: Image.Image) -> Image.Image:
    """Write a large shop name just under the logo's ink."""
    out = Image.new("RGB", (img.width, int(img.height * 1.25)), "white")
    out.paste(img)
    ImageDraw.Draw(out).text(
        (img.width * 0.15, img.height * 0.96), "OFFICIAL", fill="black", font_size=img.height // 7
    )
    return out


def crop_two_sides(img: Image.Image) -> Image.Image:
    """Cut about a quarter of the logo off the top and a little off the right."""
    return img.crop((0, int(img.height * 0.3), int(img.width * 0.9), img.height))


@pytest.mark.parametrize("variant", [0, 1, 2], ids=["star-ring", "triangle-square", "disc-bar"])
@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda i: slant(i, 15), "slanting"),
        (lambda i: slant(i, -20), "slanting"),
        (word_close_below, "logo matches"),
        (crop_two_sides, "logo "),  # by the hashes or by local features
    ],
    ids=["slanted-15-degrees", "slanted-20-degrees-the-other-way", "word-close-below", "cropped"],
)
def test_slanted_worded_and_cropped_copies_match(variant: int, change, reason: str) -> None:
    score, why = compare_logos(png(draw_logo(variant)), jpeg(change(draw_logo(variant)), 60))

    assert score >= MATCH_SCORE, why
    assert reason in why
