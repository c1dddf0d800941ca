"""Checks a downloaded picture must pass before it is kept as evidence.

A picture is refused, with a short kind a person can read, when it is not a picture
(`not_image`: declared as something else, or bytes Pillow cannot read in a web format), too big
(`too_large`: more bytes than allowed, a side or a pixel count over the limit, a decompression
bomb), or broken (`bad_picture`: the header reads but the picture does not decode). Dimensions
are read from the header and checked before any pixel is decoded.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image

# the formats product pictures come in; others (EPS, PSD, TIFF, …) bring risk and no evidence
WEB_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "AVIF")
GENERIC_TYPES = ("", "application/octet-stream", "binary/octet-stream")


@dataclass(frozen=True)
class PictureLimits:
    """How big a picture may be: bytes on the wire, pixels a side, pixels in all."""

    max_bytes: int = 5 * 1024 * 1024
    max_side: int = 10_000  # pixels, width and height each
    max_pixels: int = 40_000_000  # width x height (about 160 MB once decoded as RGBA)


@dataclass(frozen=True)
class PictureInfo:
    """What a picture that passed the checks is: its format and size in pixels."""

    format: str
    width: int
    height: int


class PictureRefused(Exception):
    """A picture not kept: `kind` is not_image, too_large or bad_picture; `reason` says why."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason


def media_type(content_type: str | None) -> str:
    """Return the lowercase media type of a Content-Type value, without parameters."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def check_picture(
    data: bytes, content_type: str | None, limits: PictureLimits | None = None
) -> PictureInfo:
    """Return what the picture is, or raise PictureRefused saying why it is not kept.

    A declared type must be image/*; a missing or generic one (octet-stream) lets the bytes
    decide. The header's dimensions are checked before decoding; then the whole picture is
    verified and decoded, so a truncated or corrupt file is refused too.
    """
    limits = limits or PictureLimits()
    declared = media_type(content_type)
    if declared not in GENERIC_TYPES and not declared.startswith("image/"):
        raise PictureRefused("not_image", f"declared content type {declared!r}, not a picture")
    if len(data) > limits.max_bytes:
        raise PictureRefused(
            "too_large", f"{len(data)} bytes, over the {limits.max_bytes} byte limit"
        )
    info = _read_header(data, limits)
    _decode(data, info)
    return info


def _formats() -> list[str]:
    Image.init()  # registers every plugin once; cheap afterwards
    return [name for name in WEB_FORMATS if name in Image.OPEN]


def _read_header(data: bytes, limits: PictureLimits) -> PictureInfo:
    """Read format and dimensions from the header only, and check them against the limits."""
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it: treat the warning as the error it is
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=_formats()) as image:
                info = PictureInfo(str(image.format), image.width, image.height)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PictureRefused("too_large", f"decompression bomb: {exc}") from exc
        except Image.UnidentifiedImageError as exc:
            kinds = ", ".join(WEB_FORMATS)
            raise PictureRefused("not_image", f"not a picture in a web format ({kinds})") from exc
        except Exception as exc:  # Pillow's header parsers raise many kinds of errors
            raise PictureRefused("bad_picture", f"unreadable header: {exc}") from exc
    size = f"{info.width}x{info.height} px"
    if info.width < 1 or info.height < 1:
        raise PictureRefused("bad_picture", f"declares {size}")
    if max(info.width, info.height) > limits.max_side:
        raise PictureRefused(
            "too_large", f"declares {size}, over the {limits.max_side} px limit a side"
        )
    if info.width * info.height > limits.max_pixels:
        raise PictureRefused(
            "too_large", f"declares {size}, over the {limits.max_pixels} pixel limit"
        )
    return info


def _decode(data: bytes, info: PictureInfo) -> None:
    """Verify the file's structure, then decode its pixels; refuse it when either fails."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[info.format]) as image:
                image.verify()
            with Image.open(io.BytesIO(data), formats=[info.format]) as image:
                image.load()
        except Exception as exc:  # truncated data, bad checksums, decoder errors of every sort
            raise PictureRefused("bad_picture", f"{info.format} does not decode: {exc}") from exc
