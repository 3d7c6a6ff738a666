"""Files of the library that nothing uses any more: removed after commit, or by a command.

An image's files are its original (``originals/ab/<digest>.<ext>``) and its renditions
(``renditions/ab/<digest>/<width>w-<tag>.<ext>``). When an editor replaces an image's file
or deletes the image, the old files go, but only once the change is committed (a rolled
back edit still has them) and never while a page still shows one: an article body's
``<img src>`` keeps the address of the rendition it was written with (feeds carry it as
saved), so a rendition named there stays until no body names it. ``manage.py
remove_orphaned_media`` finds what is left (a failed upload, an aborted import, a rendition
of an older processing version, a file kept while a body named it) and removes it.

The library knows nothing of the apps that show its files: they register a function that
names the renditions their content refers to (``register_reference_finder``).
"""

import dataclasses
import datetime
import functools
import logging
import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from .models import Image

logger = logging.getLogger(__name__)

# Each takes a digest (or None: every digest) and returns the rendition names, relative to
# the storage, that content outside the library still shows.
_reference_finders = []


def register_reference_finder(finder):
    if finder not in _reference_finders:
        _reference_finders.append(finder)
    return finder


@functools.cache
def rendition_reference():
    """A rendition's name as it appears inside an address (any host, any MEDIA_URL)."""
    folder = re.escape(settings.IMAGES_RENDITIONS_DIR)
    return re.compile(rf"(?<![\w-]){folder}/[0-9a-f]{{2}}/[0-9a-f]{{64}}/[\w.-]+")


def referenced_renditions(sha256=None):
    names = set()
    for finder in _reference_finders:
        names.update(finder(sha256))
    return names


def _files_under(folder):
    """Every file's name under a storage folder (local or object storage)."""
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for child in folders:
        yield from _files_under(f"{folder}/{child}")


def rendition_folder(sha256):
    return f"{settings.IMAGES_RENDITIONS_DIR}/{sha256[:2]}/{sha256}"


def image_saved(sender, instance, **kwargs):
    """After a save that replaced the file: the former original and renditions go."""
    former = getattr(instance, "_stored_files", None)
    if former and former[0] != instance.sha256:
        discard_later(*former)
    instance._stored_files = (instance.sha256, instance.file.name)


def image_deleted(sender, instance, **kwargs):
    discard_later(instance.sha256, instance.file.name)


def discard_later(sha256, original_name):
    """Remove an image's former files once the transaction commits (nothing if it rolls
    back). A storage failure is logged, never raised into the request that committed."""
    transaction.on_commit(functools.partial(discard_files, sha256, original_name), robust=True)


def discard_files(sha256, original_name):
    """Remove the files of a digest no image has any more, but those a page still shows.

    Returns the names removed."""
    if Image.objects.filter(sha256=sha256).exists():
        return []  # the same picture is in the library again (uploaded since, or restored)
    keep = referenced_renditions(sha256)
    names = [original_name] if original_name else []
    names += [name for name in _files_under(rendition_folder(sha256)) if name not in keep]
    removed = []
    for name in names:
        if Image.objects.filter(file=name).exists():
            continue
        default_storage.delete(name)
        removed.append(name)
    if keep:
        logger.info("Kept %d renditions of %s: article bodies show them.", len(keep), sha256)
    return removed


@dataclasses.dataclass
class OrphanReport:
    orphans: list
    too_recent: list
    shown: int
    checked: int


def find_orphans(min_age=datetime.timedelta(hours=1)):
    """Files under the originals and renditions folders that no image has and no page
    shows. Files younger than min_age are left out: an upload writes its file before its
    transaction commits, so a file that new may be about to belong to an image."""
    in_use = set()
    for image in Image.objects.only("file", "sha256", "width", "height", "format").iterator(
        chunk_size=1000
    ):
        in_use.add(image.file.name)
        in_use.update(rendition.name for rendition in image.renditions.all())
    shown = referenced_renditions()
    orphans, too_recent, kept_shown, checked = [], [], 0, 0
    cutoff = timezone.now() - min_age
    for folder in (settings.IMAGES_ORIGINALS_DIR, settings.IMAGES_RENDITIONS_DIR):
        for name in _files_under(folder):
            checked += 1
            if name in in_use:
                continue
            if name in shown:
                kept_shown += 1
            elif default_storage.get_modified_time(name) > cutoff:
                too_recent.append(name)
            else:
                orphans.append(name)
    return OrphanReport(orphans, too_recent, kept_shown, checked)
