"""The library renditions article bodies show by address, for images.cleanup.

A library image in a body is ``<img data-image="42" src="…/renditions/ab/<digest>/800w-….jpg">``:
the page draws the image's current renditions, but the feeds (and anything else reading the
stored body) use the saved ``src``. Such a rendition is kept in storage while a body names
it, even once its image was replaced or deleted.
"""

from django.conf import settings

from images.cleanup import rendition_reference

from .models import Article


def body_renditions(sha256=None):
    """The rendition names article bodies show: of one digest, or of all."""
    needle = f"/{sha256}/" if sha256 else f"{settings.IMAGES_RENDITIONS_DIR}/"
    pattern = rendition_reference()
    names = set()
    bodies = Article.objects.filter(body__contains=needle).values_list("body", flat=True)
    for body in bodies.iterator(chunk_size=500):
        names.update(name for name in pattern.findall(body) if sha256 is None or needle in name)
    return names
