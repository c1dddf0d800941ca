"""Picture checks: what is kept as evidence, and why anything else is refused before decoding."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from crawlers.pictures import PictureLimits, PictureRefused, check_picture

ROOT = Path(__file__).resolve().parents[2]
PICTURES = ROOT / "tests" / "files" / "pages" / "demo_market" / "img"


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header declares width x height but which holds no pixel data: a few bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def encoded(fmt: str, size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "ctype", "expected"),
    [
        (encoded("PNG"), "image/png", ("PNG", 40, 30)),
        (encoded("JPEG"), "image/jpeg", ("JPEG", 40, 30)),
        (encoded("GIF"), "image/gif", ("GIF", 40, 30)),
        (encoded("WEBP"), "image/webp", ("WEBP", 40, 30)),
        (encoded("BMP"), "image/bmp", ("BMP", 40, 30)),
        ((PICTURES / "teapot.png").read_bytes(), None, ("PNG", 64, 48)),
        ((PICTURES / "teapot.png").read_bytes(), "application/octet-stream", ("PNG", 64, 48)),
        ((PICTURES / "kettle.jpg").read_bytes(), "image/png; charset=binary", ("JPEG", 80, 60)),
    ],
    ids=[
        "png",
        "jpeg",
        "gif",
        "webp",
        "bmp",
        "no-declared-type-bytes-decide",
        "octet-stream-bytes-decide",
        "mislabelled-image-type-still-a-picture",
    ],
)
def test_pictures_kept(data: bytes, ctype: str | None, expected: tuple[str, int, int]) -> None:
    info = check_picture(data, ctype)
    assert (info.format, info.width, info.height) == expected


@pytest.mark.parametrize(
    ("data", "ctype", "kind", "reason"),
    [
        ((PICTURES / "not_a_picture.jpg").read_bytes(), "text/html", "not_image", "'text/html'"),
        ((PICTURES / "not_a_picture.jpg").read_bytes(), "image/jpeg", "not_image", "web format"),
        (encoded("TIFF"), "image/tiff", "not_image", "web format"),
        ((PICTURES / "truncated.png").read_bytes(), "image/png", "bad_picture", "does not decode"),
        ((PICTURES / "giant_header.png").read_bytes(), "image/png", "too_large", "3600000000"),
        ((PICTURES / "wide_header.png").read_bytes(), "image/png", "too_large", "12000x10 px"),
        (b"", "image/jpeg", "not_image", "web format"),
    ],
    ids=[
        "an-html-error-page-declared-as-such",
        "html-bytes-declared-as-jpeg",
        "tiff-is-no-web-picture",
        "truncated-png",
        "header-declares-60000-px-sides-decompression-bomb",
        "header-declares-a-side-over-10000-px",
        "empty-body",
    ],
)
def test_pictures_refused(data: bytes, ctype: str, kind: str, reason: str) -> None:
    with pytest.raises(PictureRefused) as refused:
        check_picture(data, ctype)
    assert refused.value.kind == kind
    assert reason in refused.value.reason


def test_limits_are_checked_on_the_header_before_decoding() -> None:
    # 9000 x 9000 px declared in 45 bytes: refused by the pixel count, nothing decoded
    with pytest.raises(PictureRefused) as refused:
        check_picture(png_header(9000, 9000), "image/png")
    assert refused.value.kind == "too_large"
    assert refused.value.reason == "declares 9000x9000 px, over the 40000000 pixel limit"


def test_pillow_s_decompression_bomb_warning_is_a_refusal_not_a_warning() -> None:
    # past Pillow's own limit (about 89 M pixels) but under twice it: Pillow only warns
    limits = PictureLimits(max_side=20_000, max_pixels=10**9)
    with pytest.raises(PictureRefused) as refused:
        check_picture(png_header(9500, 9500), "image/png", limits)
    assert refused.value.kind == "too_large" and "decompression bomb" in refused.value.reason


@pytest.mark.parametrize(
    ("limits", "reason"),
    [
        (PictureLimits(max_bytes=1000), "1505 bytes, over the 1000 byte limit"),
        (PictureLimits(max_side=50), "declares 80x60 px, over the 50 px limit a side"),
        (PictureLimits(max_pixels=4000), "declares 80x60 px, over the 4000 pixel limit"),
    ],
    ids=["bytes", "side", "pixels"],
)
def test_each_limit_can_be_set(limits: PictureLimits, reason: str) -> None:
    with pytest.raises(PictureRefused) as refused:
        check_picture((PICTURES / "kettle.jpg").read_bytes(), "image/jpeg", limits)
    assert (refused.value.kind, refused.value.reason) == ("too_large", reason)
