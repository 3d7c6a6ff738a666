"""{% picture image sizes="..." %}: an image as a <picture> of renditions.

WebP first, then the JPEG or PNG fallback, each with every width in srcset so that the
browser picks the smallest one that fills the space `sizes` describes. width and height
are always given (the browser reserves the space: nothing moves while it loads). The lead
image is fetched first (fetchpriority="high"); any other picture waits until it is near
the viewport (loading="lazy").
"""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..models import Image

register = template.Library()


def srcset(renditions):
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)


@register.simple_tag
def picture(image, sizes="100vw", lead=False, css_class="", default_width=800):
    if image is None:
        return ""
    renditions = image.renditions
    fallback = renditions.fallback
    src = renditions.closest(default_width)
    largest = fallback[-1]
    loading = format_html('fetchpriority="high"') if lead else format_html('loading="lazy"')
    return format_html(
        "<picture{}>"
        '<source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
        'decoding="async" {}>'
        "</picture>",
        format_html(' class="{}"', css_class) if css_class else "",
        srcset(renditions.webp),
        sizes,
        src.url,
        srcset(fallback),
        sizes,
        largest.width,
        largest.height,
        image.alt,
        loading,
    )


@register.simple_tag(takes_context=True)
def share_image(context, image, width=1200):
    """The JPEG or PNG rendition that link previews, feeds and search engines get (every
    reader of them understands these), with its absolute address."""
    rendition = image.renditions.closest(width)
    return SharedImage(rendition, context["request"].build_absolute_uri(rendition.url))


class SharedImage:
    def __init__(self, rendition, url):
        self.url = url
        self.width = rendition.width
        self.height = rendition.height
        self.mime_type = rendition.mime_type


# An image of the library inside an article body: <img ... data-image="42" ...>, written by
# the WordPress import (and by editors). The sanitiser writes attributes in double quotes.
LIBRARY_IMG = re.compile(r'<img\b[^>]*?\sdata-image="(\d+)"[^>]*>')
BODY_SIZES = "(min-width: 48rem) 44rem, calc(100vw - 2rem)"


@register.filter
def library_images(body_html):
    """The body with each library reference drawn as a <picture> of its current renditions
    and alt text, so an edited image shows everywhere. One query for all of them."""
    ids = {int(pk) for pk in LIBRARY_IMG.findall(body_html)}
    images = Image.objects.in_bulk(ids) if ids else {}

    def draw(match):
        image = images.get(int(match.group(1)))
        # An image deleted since keeps the <img> as it was saved.
        return picture(image, sizes=BODY_SIZES) if image else match.group(0)

    # The body was sanitised when the article was saved; the pictures are built escaped.
    return mark_safe(LIBRARY_IMG.sub(draw, body_html))  # nosec B308 B703
