"""Images a report may carry (the agency's logo): only a PNG or JPEG that decodes."""

from __future__ import annotations

import io
from typing import Literal

from PIL import Image, UnidentifiedImageError

FormatGambar = Literal["png", "jpg"]

_FORMATS: dict[str, FormatGambar] = {"PNG": "png", "JPEG": "jpg"}


def image_format(data: bytes) -> FormatGambar | None:
    """ "png" or "jpg" when ``data`` is a whole image of that format, else None (another
    format, a damaged or truncated file, bytes that only start like an image)."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            kind = _FORMATS.get(str(img.format))
            img.load()  # decodes every pixel: a truncated file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return kind
