"""Checking an uploaded file before anything is stored: its type comes from its content.

Pillow decides what the file is (never its name or the browser's Content-Type), only the
formats in ALLOWED_FORMATS pass, the pixel count is checked before any decoding (a small
file can claim a huge picture: a "decompression bomb"), and the whole image is decoded once,
so a truncated file is refused here rather than failing later when renditions are made.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from PIL import ImageOps, features

# Pillow's format name -> the extension the original is stored under.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
if features.check("avif"):
    ALLOWED_FORMATS["AVIF"] = "avif"

# EXIF orientations that turn the picture a quarter: its displayed width is its stored height.
_QUARTER_TURNS = {5, 6, 7, 8}


@dataclass(frozen=True)
class CheckedImage:
    format: str  # Pillow's name: "JPEG", "PNG", ...
    width: int  # as displayed, after the EXIF orientation
    height: int
    sha256: str
    size: int

    @property
    def extension(self):
        return ALLOWED_FORMATS[self.format]


def allowed_names():
    names = [name if name != "WEBP" else "WebP" for name in ALLOWED_FORMATS]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _size(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.0f} KB"


def check_image(upload):
    """Return what the upload is, or raise ValidationError saying why it is refused."""
    limit = settings.IMAGES_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The file is {_size(upload.size)}; the largest accepted is {_size(limit)}.",
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    not_an_image = ValidationError(
        f"This file is not a {allowed_names()} image (its content decides, not its name).",
        code="not_an_image",
    )
    try:
        with PILImage.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS)) as image:
            fmt = image.format
            width, height = image.size
            max_pixels = settings.IMAGES_MAX_PIXELS
            if width * height > max_pixels:
                raise ValidationError(
                    f"The picture is {width} × {height} pixels ({width * height:,}); the "
                    f"largest accepted is {max_pixels:,} pixels.",
                    code="too_many_pixels",
                )
            orientation = image.getexif().get(0x0112)
            with warnings.catch_warnings():
                # Pillow only warns between MAX_IMAGE_PIXELS and twice that: an error here.
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                image.load()
            # Decoding the first frame is what renditions need; exif_transpose must work too.
            ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ValidationError(
            "The picture has too many pixels for its file size to be handled safely.",
            code="too_many_pixels",
        ) from None
    except PILImage.UnidentifiedImageError:
        raise not_an_image from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            "The file is damaged or incomplete (it could not be read to the end). "
            "Export or download it again.",
            code="damaged",
        ) from None
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    return CheckedImage(
        format=fmt,
        width=width,
        height=height,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
