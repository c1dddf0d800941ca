"""Logo images: open an untrusted image (path, bytes or PIL image) safely as bounded RGB.

Files and decoded images over the size limits are refused (decompression bombs); JPEGs are
decoded at a reduced scale; 16-bit and floating-point images are scaled to 8 bits; transparency
is flattened onto white, or onto black when what is drawn is light (a white logo for dark
pages); an animation is read at its first frame. Every failure is a LogoError naming the image.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # refuse images larger than this (decompression bombs)
MAX_BYTES = 40 * 1024 * 1024  # refuse files larger than this
WORK_SIDE = 384  # images are read at the smallest JPEG scale keeping this many pixels a side
Source = str | Path | bytes | Image.Image


class LogoError(ValueError):
    """An image that cannot be read, is too large to read safely, or has nothing drawn in it;
    the message names the image."""


def label_of(source: Source, name: str = "") -> str:
    """Return how messages name an image: `name`, else its path, else "image"."""
    if name:
        return name
    return "image" if isinstance(source, bytes | Image.Image) else str(source)


def open_image(
    source: Source, *, name: str = "", max_pixels: int = MAX_PIXELS, max_bytes: int = MAX_BYTES
) -> Image.Image:
    """Open an image (path, bytes or PIL image) as RGB of at most about 2×WORK_SIDE a side."""
    label = label_of(source, name)
    if isinstance(source, Image.Image):
        try:
            return _to_rgb(source)
        except (OSError, ValueError) as exc:
            raise LogoError(f"{label}: cannot convert a {source.mode} image ({exc})") from None
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
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        img = _to_8_bits(img)
    if img.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        alpha = rgba.getchannel("A")
        flat = Image.new("RGB", rgba.size, _ground(rgba))
        flat.paste(rgba, mask=alpha)
        img = flat
    elif img.mode != "RGB":
        img = img.convert("RGB")
    if max(img.size) > 2 * WORK_SIDE:
        img = img.copy()
        img.thumbnail((2 * WORK_SIDE, 2 * WORK_SIDE), Image.Resampling.BILINEAR)
    return img


def _to_8_bits(img: Image.Image) -> Image.Image:
    """Scale a 16-bit, 32-bit or floating-point grey image to 8 bits (L)."""
    values = np.asarray(img, dtype=np.float64)
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size else 0.0
    if img.mode == "F" and top <= 1.0:
        scale = 255.0  # floating-point images in 0–1
    elif top > 255.0:
        scale = 255.0 / (65535.0 if top <= 65535.0 else top)
    else:
        scale = 1.0
    grey = np.clip(np.nan_to_num(values * scale), 0, 255).astype(np.uint8)
    return Image.fromarray(grey, "L")


def _ground(rgba: Image.Image) -> tuple[int, int, int]:
    """Return white, or black when the opaque pixels are mostly light (white on transparent)."""
    pixels = np.asarray(rgba)
    opaque = pixels[..., 3] > 127
    if not opaque.any() or opaque.all():
        return (255, 255, 255)
    light = pixels[..., :3][opaque].mean(axis=1) > 200
    return (0, 0, 0) if light.mean() > 0.5 else (255, 255, 255)
