"""Backing up the library's files: the originals, read through the storage (the local folder
or object storage alike) into one tar file. Renditions are not kept: they are made again
from the originals on restore, so a backup is about half the size."""

import io
import tarfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .models import Image


class MediaBackupError(Exception):
    pass


def backup_media(output):
    """Write every image's original to a tar file; returns the number of files."""
    count = 0
    with tarfile.open(output, "w") as archive:
        for image in Image.objects.order_by("pk").iterator(chunk_size=200):
            with default_storage.open(image.file.name, "rb") as handle:
                data = handle.read()
            info = tarfile.TarInfo(image.file.name)
            info.size = len(data)
            info.mtime = int(image.uploaded_at.timestamp())
            archive.addfile(info, io.BytesIO(data))
            count += 1
    return count


def _safe_name(member):
    """Only plain files under the originals folder: a crafted archive can write nowhere else."""
    path = PurePosixPath(member.name)
    if (
        not member.isfile()
        or path.is_absolute()
        or ".." in path.parts
        or path.parts[:1] != (settings.IMAGES_ORIGINALS_DIR,)
    ):
        raise MediaBackupError(f"{member.name!r} is not an original image's path")
    return str(path)


def restore_media(source):
    """Put back the originals from a backup (those missing from storage), then make every
    image's missing renditions. Returns (files restored, images with renditions made)."""
    try:
        archive = tarfile.open(source, "r")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as exc:
        raise MediaBackupError(f"{source} is not a media backup ({exc})") from None
    restored = 0
    with archive:
        members = archive.getmembers()
        names = [_safe_name(member) for member in members]  # all checked before any write
        for member, name in zip(members, names, strict=True):
            if default_storage.exists(name):
                continue
            data = archive.extractfile(member).read()
            default_storage.save(name, ContentFile(data))
            restored += 1
    images = 0
    for image in Image.objects.order_by("pk").iterator(chunk_size=200):
        if default_storage.exists(image.file.name):
            image.renditions.generate()
            images += 1
    return restored, images
