"""Renditions: the resized copies pages serve instead of the original upload.

django-imagekit names, stores and generates them (on any Django storage, S3 included); the
processors below are ours, because what matters here is not in its stock set: the EXIF
orientation applied, colours converted to sRGB and every piece of metadata (EXIF with its GPS
position, XMP, ICC profiles, comments) left out of the new file. They are made once, when an
image is saved (Image.save); pages only build their addresses (rendition_name), which costs
no query and no storage call.
"""

import functools
import hashlib
import io
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.files.storage import default_storage
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


# Part of every rendition's name. Change it whenever the processing here changes: the
# renditions then get new names (browsers and CDNs keep a rendition for a year) and
# `manage.py make_renditions` makes them.
PROCESSING_VERSION = "1"


@functools.cache
def _processing_tag(width, format):
    settings_text = f"{PROCESSING_VERSION}:{width}:{format}:{sorted(QUALITY[format].items())}"
    return hashlib.sha256(settings_text.encode()).hexdigest()[:8]


def rendition_name(sha256, width, format):
    """Where a rendition is stored: readable, and computed without touching storage."""
    return (
        f"{settings.IMAGES_RENDITIONS_DIR}/{sha256[:2]}/{sha256}/"
        f"{width}w-{_processing_tag(width, format)}.{EXTENSIONS[format]}"
    )


class RenditionSpec(ImageSpec):
    """How imagekit makes one rendition of one image: a width and a format."""

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
        return rendition_name(self.image.sha256, self.width, self.format)


@dataclass(frozen=True)
class Rendition:
    """One rendition as pages see it: its size, format and address (no imagekit objects:
    a page builds dozens of these, and their names need no hashing of processors)."""

    renditions: "RenditionSet"
    width: int
    height: int
    format: str

    @property
    def image(self):
        return self.renditions.image

    @property
    def name(self):
        return rendition_name(self.image.sha256, self.width, self.format)

    @property
    def url(self):
        return self.renditions.url(self.name)

    @property
    def mime_type(self):
        return MIME_TYPES[self.format]

    def make(self):
        ImageCacheFile(RenditionSpec(self.image, self.width, self.format)).generate(force=True)


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
        return Rendition(self, width, self.height_for(width), format)

    def url(self, name):
        """The storage's address for a rendition. All of an image's renditions share a
        folder, so the storage is asked once and the file names are appended (a page shows
        dozens of addresses); a storage that signs each address is asked for each one."""
        folder, _, filename = name.rpartition("/")
        prefix = self._url_prefix
        if prefix is None:
            first = default_storage.url(name)
            prefix = first[: -len(filename)] if first.endswith("/" + filename) else False
            self._url_prefix = prefix
            return first
        return prefix + filename if prefix else default_storage.url(name)

    _url_prefix = None

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
        missing = [r for r in self.all() if not default_storage.exists(r.name)]
        if missing:
            # The original is opened once for all of them (one read from object storage).
            with self.image.file.open("rb"):
                for rendition in missing:
                    rendition.make()
        return len(missing)
