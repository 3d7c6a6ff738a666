"""Renditions: the resized copies pages serve instead of the original upload.

django-imagekit names, stores and generates them (on any Django storage, S3 included); the
processors below are ours, because what matters here is not in its stock set: the EXIF
orientation applied, colours converted to sRGB and every piece of metadata (EXIF with its GPS
position, XMP, ICC profiles, comments) left out of the new file. They are made once, when an
image is saved (Image.save); pages only build their addresses, which costs no query and no
storage call (imagekit's "optimistic" strategy).
"""

import io
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from imagekit.cachefiles import ImageCacheFile
from imagekit.specs import ImageSpec
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps

# Widths served (never wider than the original).
WIDTHS = (400, 800, 1200, 1600)
# Originals in these formats are graphics (charts, logos): their fallback stays lossless.
GRAPHIC_FORMATS = {"PNG", "GIF"}

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class Orient:
    """Turn the picture as its EXIF orientation says, so no reader has to."""

    def process(self, img):
        return ImageOps.exif_transpose(img)


class ToSRGB:
    """Convert the pixels to sRGB (from an embedded ICC profile, or from CMYK or a palette),
    keeping transparency where there is any."""

    def process(self, img):
        alpha = img.mode in {"RGBA", "LA", "PA"} or "transparency" in img.info
        mode = "RGBA" if alpha else "RGB"
        icc = img.info.get("icc_profile")
        if icc and img.mode in {"RGB", "RGBA", "CMYK", "L"}:
            try:
                source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
                return ImageCms.profileToProfile(img, source, _SRGB, outputMode=mode)
            except (ImageCms.PyCMSError, OSError, ValueError):
                pass  # A broken profile: take the numbers as they are.
        return img if img.mode == mode else img.convert(mode)


@dataclass(frozen=True)
class Fit:
    """Scale down to this width (never up), keeping the proportions."""

    width: int

    def process(self, img):
        if img.width <= self.width:
            return img
        height = max(1, round(img.height * self.width / img.width))
        return img.resize((self.width, height), PILImage.Resampling.LANCZOS)


class StripMetadata:
    """Keep the pixels only: a photographer's GPS position must never reach a reader."""

    def process(self, img):
        img = img.copy()
        img.info = {}
        if hasattr(img, "_exif"):
            img._exif = None
        return img


MIME_TYPES = {"WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}
EXTENSIONS = {"WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
QUALITY = {
    "WEBP": {"quality": 80, "method": 4},
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    # zlib at its default level: "optimize" costs three times the time for about 2% smaller.
    "PNG": {},
}


class RenditionSpec(ImageSpec):
    """One rendition of one image: a width and a format."""

    cachefile_strategy = "imagekit.cachefiles.strategies.Optimistic"

    def __init__(self, image, width, format):
        self.image = image
        self.width = width
        self.format = format
        self.processors = [Orient(), ToSRGB(), Fit(width), StripMetadata()]
        self.options = QUALITY[format]
        super().__init__(source=image.file)

    @property
    def cachefile_name(self):
        # Readable and stable: the original's digest, the width, and a short hash of the
        # processing, so that changing the processing gives new names (and fresh caches).
        sha = self.image.sha256
        return (
            f"{settings.IMAGES_RENDITIONS_DIR}/{sha[:2]}/{sha}/"
            f"{self.width}w-{self.get_hash()[:8]}.{EXTENSIONS[self.format]}"
        )


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str
    file: ImageCacheFile

    @property
    def url(self):
        return self.file.url

    @property
    def mime_type(self):
        return MIME_TYPES[self.format]


class RenditionSet:
    """The renditions of one image: WebP and a JPEG or PNG fallback at each width."""

    def __init__(self, image):
        self.image = image

    @cached_property
    def widths(self):
        width = self.image.width
        widths = [w for w in WIDTHS if w < width]
        if width <= WIDTHS[-1]:
            widths.append(width)  # the original's own width, as the largest
        return widths

    @property
    def fallback_format(self):
        return "PNG" if self.image.format in GRAPHIC_FORMATS else "JPEG"

    def height_for(self, width):
        return max(1, round(self.image.height * width / self.image.width))

    def rendition(self, width, format):
        spec = RenditionSpec(self.image, width, format)
        return Rendition(width, self.height_for(width), format, ImageCacheFile(spec))

    def of_format(self, format):
        return [self.rendition(width, format) for width in self.widths]

    @cached_property
    def webp(self):
        return self.of_format("WEBP")

    @cached_property
    def fallback(self):
        return self.of_format(self.fallback_format)

    def all(self):
        return [*self.webp, *self.fallback]

    def closest(self, width, format=None):
        """The smallest rendition at least this wide (or the widest there is)."""
        renditions = self.webp if format == "WEBP" else self.fallback
        for rendition in renditions:
            if rendition.width >= width:
                return rendition
        return renditions[-1]

    def generate(self):
        """Make the renditions missing from storage; returns how many were made. Asks the
        storage itself (imagekit's cache of what exists can outlive a lost file)."""
        missing = [r for r in self.all() if not r.file.storage.exists(r.file.name)]
        if missing:
            # The original is opened once for all of them (one read from object storage).
            with self.image.file.open("rb"):
                for rendition in missing:
                    rendition.file.generate(force=True)
        return len(missing)
