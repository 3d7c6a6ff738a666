"""Adding files to the library from code (the WordPress import, the demo content)."""

from django.core.files.base import ContentFile

from .models import Image
from .validation import check_image


def add_image(data, name, **fields):
    """The library's image for these bytes: (image, created). Raises ValidationError if
    the bytes are not an accepted picture. The same bytes always give the same image."""
    upload = ContentFile(data, name=name)
    checked = check_image(upload)
    existing = Image.objects.filter(sha256=checked.sha256).first()
    if existing is not None:
        return existing, False
    image = Image(
        sha256=checked.sha256,
        format=checked.format,
        width=checked.width,
        height=checked.height,
        file_size=checked.size,
        original_name=name[:255],
        **fields,
    )
    image.file.save(name, upload, save=False)
    image.save()
    return image, True
