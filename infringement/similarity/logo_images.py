"""Logo images: open an untrusted image (path, bytes or PIL image) safely as bounded RGB.

Files and decoded images over the size limits are refused (decompression bombs), transparency
is flattened onto white, JPEGs are decoded at a reduced scale, and every failure is a LogoError
naming the image.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # refuse images larger than this (decompression bombs)
MAX_BYTES = 40 * 1024 * 1024  # refuse files larger than this
WORK_SIDE = 384  # images are read at the smallest JPEG scale keeping this many pixels a side
Source = str | Path | bytes | Image.Image


class LogoError(ValueError):
    """An image that cannot be read, or is too large to read safely; the message names it."""


def open_image(
    source: Source, *, name: str = "", max_pixels: int = MAX_PIXELS, max_bytes: int = MAX_BYTES
) -> Image.Image:
    """Open an image (path, bytes or PIL image) as RGB of at most about 2×WORK_SIDE a side."""
    if isinstance(source, Image.Image):
        return _to_rgb(source)
    label = name or ("image" if isinstance(source, bytes) else str(source))
    data = _read_bytes(source, label, max_bytes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            width, height = img.size
            if width * height > max_pixels:
                raise LogoError(f"{label}: image of {width}×{height} pixels is too large")
            if img.format == "JPEG":
                img.draft("RGB", (WORK_SIDE, WORK_SIDE))
            img.load()
            return _to_rgb(img)
    except LogoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LogoError(f"{label}: image too large to read safely") from None
    except UnidentifiedImageError:
        raise LogoError(f"{label}: not a readable image") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise LogoError(f"{label}: broken image ({exc})") from None


def _read_bytes(source: str | Path | bytes, label: str, max_bytes: int) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        try:
            if Path(source).stat().st_size > max_bytes:
                raise LogoError(f"{label}: file larger than {max_bytes // 1_048_576} MB")
            data = Path(source).read_bytes()
        except OSError as exc:
            raise LogoError(f"{label}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise LogoError(f"{label}: file larger than {max_bytes // 1_048_576} MB")
    return data


def _to_rgb(img: Image.Image) -> Image.Image:
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        img = flat
    elif img.mode != "RGB":
        img = img.convert("RGB")
    if max(img.size) > 2 * WORK_SIDE:
        img = img.copy()
        img.thumbnail((2 * WORK_SIDE, 2 * WORK_SIDE), Image.Resampling.BILINEAR)
    return img
