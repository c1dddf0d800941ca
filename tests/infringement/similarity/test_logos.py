"""Logos: what counterfeiters do to a logo still matches, unrelated logos do not, bad files fail
clearly (naming the file)."""

from __future__ import annotations

import io
import math
from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from infringement.similarity.logo_images import LogoError, open_image
from infringement.similarity.logo_match import MATCH_SCORE, Logo, compare_logos
from infringement.similarity.logos import hash_logo


def draw_logo(variant: int = 0, size: int = 400) -> Image.Image:
    """A logo: a shape, a second shape and a word, laid out by `variant`."""
    img = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(img)
    s = size / 400
    font = ImageFont.load_default(size=int(70 * s))
    if variant == 0:  # red star over a blue ring, word below
        draw.ellipse([60 * s, 40 * s, 260 * s, 240 * s], outline=(20, 40, 160), width=int(18 * s))
        star = [
            (
                250 * s + 90 * s * (0.45 if i % 2 else 1) * math.cos(math.pi * i / 5 - math.pi / 2),
                150 * s + 90 * s * (0.45 if i % 2 else 1) * math.sin(math.pi * i / 5 - math.pi / 2),
            )
            for i in range(10)
        ]
        draw.polygon(star, fill=(200, 30, 30))
        draw.text((70 * s, 270 * s), "KANGDA", fill=(20, 40, 160), font=font)
    elif variant == 1:  # green triangle and square side by side, word on top
        draw.polygon(
            [(40 * s, 340 * s), (190 * s, 340 * s), (115 * s, 170 * s)], fill=(20, 140, 60)
        )
        draw.rectangle([220 * s, 190 * s, 360 * s, 340 * s], fill=(20, 140, 60))
        draw.text((60 * s, 50 * s), "TOPEX", fill=(0, 0, 0), font=font)
    else:  # orange disc with a bar through it
        draw.ellipse([100 * s, 60 * s, 320 * s, 280 * s], fill=(240, 140, 20))
        draw.rectangle([40 * s, 150 * s, 370 * s, 190 * s], fill=(60, 60, 60))
        draw.text((120 * s, 300 * s), "MOVA", fill=(60, 60, 60), font=font)
    return img


def jpeg(img: Image.Image, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def recolour(img: Image.Image) -> Image.Image:
    hsv = np.asarray(img.convert("HSV")).copy()
    hsv[..., 0] = (hsv[..., 0].astype(int) + 110) % 256
    return Image.fromarray(hsv, "HSV").convert("RGB")


def crop_left(img: Image.Image) -> Image.Image:
    return img.crop((int(img.width * 0.3), 0, img.width, img.height))  # 20% of the logo itself


def add_word(img: Image.Image) -> Image.Image:
    out = Image.new("RGB", (img.width, int(img.height * 1.3)), "white")
    out.paste(img)
    font = ImageFont.load_default(size=img.height // 9)
    ImageDraw.Draw(out).text(
        (img.width * 0.2, img.height * 1.05), "ORIGINAL", fill="black", font=font
    )
    return out


def frame(img: Image.Image) -> Image.Image:
    out = ImageOps.expand(img, border=30, fill="white")
    ImageDraw.Draw(out).rectangle(
        [5, 5, out.width - 6, out.height - 6], outline=(90, 0, 90), width=8
    )
    return out


def on_product(img: Image.Image) -> Image.Image:
    """Print the logo (its ink only) on a grey box in an 800×800 photo with a gradient."""
    ramp = np.linspace(170, 110, 800, dtype=np.float32)[None, :, None]
    photo = Image.fromarray(np.broadcast_to(ramp, (800, 800, 3)).astype(np.uint8))
    ImageDraw.Draw(photo).rounded_rectangle([150, 120, 650, 720], radius=30, fill=(215, 215, 205))
    small = img.resize((260, 260), Image.Resampling.LANCZOS)
    ink = (np.asarray(small.convert("L")) < 200).astype(np.uint8) * 255
    photo.paste(small, (260, 280), Image.fromarray(ink))
    return photo


Trick = Callable[[Image.Image], Image.Image]
TRICKS: list[tuple[str, Trick, str]] = [
    ("same-logo-recompressed", lambda i: i, "logo matches (pHash distance"),
    ("recoloured", recolour, "after recolouring"),
    ("colour-inverted", ImageOps.invert, "after colour inversion"),
    ("mirrored", ImageOps.mirror, "mirroring"),
    ("rotated-10-degrees", lambda i: i.rotate(10, expand=True, fillcolor="white"), "rotation"),
    ("cropped-20-percent", crop_left, "logo "),  # by the hashes or by local features
    ("word-added-below", add_word, "logo matches"),
    ("frame-added", frame, "logo matches"),
    ("blurred", lambda i: i.filter(ImageFilter.GaussianBlur(3)), "logo matches"),
    ("shrunk-and-recompressed", lambda i: i.resize((150, 150)), "logo matches"),
    ("printed-on-product-photo", on_product, "logo found "),
]


@pytest.mark.parametrize("variant", [0, 1, 2], ids=["star-ring", "triangle-square", "disc-bar"])
@pytest.mark.parametrize(
    ("trick", "reason"), [(t, r) for _, t, r in TRICKS], ids=[i for i, _, _ in TRICKS]
)
def test_altered_logo_still_matches(variant: int, trick: Trick, reason: str) -> None:
    original = Logo.open(png(draw_logo(variant)), name="original.png")
    altered = Logo.open(jpeg(trick(draw_logo(variant)), quality=40), name="altered.jpg")

    score, why = compare_logos(original, altered)

    assert score >= MATCH_SCORE, why
    assert reason in why
    assert why.endswith("/64)") or "matching points" in why


@pytest.mark.parametrize(
    ("a", "b"),
    [(0, 1), (0, 2), (1, 2)],
    ids=[
        "different-logos-star-vs-triangle",
        "different-logos-star-vs-disc",
        "different-logos-triangle-vs-disc",
    ],
)
def test_unrelated_logos_do_not_match(a: int, b: int) -> None:
    score, why = compare_logos(png(draw_logo(a)), jpeg(ImageOps.invert(draw_logo(b))))

    assert score < MATCH_SCORE
    assert why.startswith("logos differ (pHash distance")


def test_transparent_background_counts_as_white() -> None:
    rgba = draw_logo(1).convert("RGBA")
    pixels = np.asarray(rgba).copy()
    pixels[(pixels[..., :3] == 255).all(axis=2), 3] = 0
    transparent = Image.fromarray(pixels, "RGBA")

    score, why = compare_logos(png(transparent), png(draw_logo(1)))

    assert score == 100.0, why


def test_jpeg_is_decoded_at_a_reduced_scale() -> None:
    img = open_image(jpeg(draw_logo(0, size=1600)))

    assert img.size == (400, 400)  # 1/4 scale straight from the JPEG decoder


def test_every_view_has_a_pair_of_64_bit_hashes() -> None:
    hashes = hash_logo(png(draw_logo(0)))

    assert hashes.phash.dtype == np.uint64 and hashes.phash.shape == hashes.dhash.shape
    assert len(hashes.names) == len(hashes.phash) and hashes.names[0] == ""
    assert {"mirroring", "rotation by 12° clockwise", "cropping 20% off the left"} <= set(
        hashes.names[: hashes.views]
    )


def test_a_line_two_pixels_thin_hashes_without_error() -> None:
    img = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(img).line([(20, 150), (380, 150)], fill="black", width=2)

    hashes = hash_logo(png(img))  # rows with ink, but no column with more than two inked pixels

    assert hashes.names[0] == "" and len(hashes.phash) == len(hashes.names)


@pytest.fixture
def bomb(tmp_path):
    """A small PNG file that decodes to 60 million pixels."""
    path = tmp_path / "bomb.png"
    Image.new("1", (10_000, 6_000)).save(path, optimize=True)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("bomb", "bomb.png: image of 10000×6000 pixels is too large"),
        ("big-bomb", "big-bomb.png: image too large to read safely"),
        ("truncated", "truncated.png: broken image"),
        ("text", "text.png: not a readable image"),
        ("missing", "missing.png: cannot read"),
        ("huge-file", "huge-file.png: file larger than 1 MB"),
    ],
    ids=[
        "decompression-bomb",
        "bomb-beyond-pillow-limit",
        "truncated-file",
        "not-an-image",
        "missing-file",
        "file-too-large",
    ],
)
def test_bad_image_files_fail_naming_the_file(tmp_path, bomb, make: str, message: str) -> None:
    paths = {
        "bomb": bomb,
        "truncated": tmp_path / "truncated.png",
        "text": tmp_path / "text.png",
        "missing": tmp_path / "missing.png",
        "huge-file": tmp_path / "huge-file.png",
    }
    paths["big-bomb"] = tmp_path / "big-bomb.png"
    Image.new("1", (12_000, 9_000)).save(paths["big-bomb"])  # 108 million pixels, 13 kB
    paths["truncated"].write_bytes(png(draw_logo(0))[:3000])
    paths["text"].write_text("mark_a,mark_b\n")
    paths["huge-file"].write_bytes(b"\0" * 1_100_000)

    with pytest.raises(LogoError) as caught:
        open_image(paths[make], name=paths[make].name, max_bytes=1_048_576)

    assert message in str(caught.value)
