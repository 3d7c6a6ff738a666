"""WordPress attachments into the image library: `import_articles --media-dir DIR`.

DIR is a copy of the site's `wp-content/uploads` folder. Each attachment's address is looked
up under it (the part after `wp-content/uploads/`, or the address's whole path, or its last
three parts, `2019/03/photo.jpg`); a file found is checked and added like an upload in the
admin (the same file twice is one image), and a post's featured image (`_thumbnail_id`)
becomes its lead image. A file that is missing or refused is counted and reported, never
fatal: the articles import all the same. An `<img>` in a post's body showing an imported
attachment (at any of the sizes WordPress made of it, `photo-300x200.jpg`) becomes a
reference to the library image (`data-image`), drawn from its renditions on the page.
"""

import collections
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

from images.library import add_image

from ..models import Article

UPLOADS = "wp-content/uploads/"
# WordPress's resized copies: "photo-300x200.jpg" is a size of "photo.jpg".
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
BODY_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
IMG_SRC = re.compile(r'\ssrc="([^"]*)"')


def _key(url):
    """An upload's address without host, scheme or WordPress's size suffix."""
    return SIZE_SUFFIX.sub("", unquote(urlsplit(url).path)).lower()


def attachment_file(media_dir, url):
    """The file under media_dir for this attachment address, or None. Never outside it."""
    path = unquote(urlsplit(url).path).lstrip("/")
    candidates = []
    if UPLOADS in path:
        candidates.append(path.split(UPLOADS, 1)[1])
    candidates.append(path)
    parts = path.split("/")
    if len(parts) > 3:
        candidates.append("/".join(parts[-3:]))
    root = Path(media_dir).resolve()
    for candidate in candidates:
        full = (root / candidate).resolve()
        if full.is_relative_to(root) and full.is_file():
            return full
    return None


class MediaImport:
    def __init__(self, media_dir, *, dry_run=False):
        self.media_dir = media_dir
        self.dry_run = dry_run
        self.counts = collections.Counter()
        self.notes = []
        self.images = {}  # attachment post id -> Image

    def run(self, reader):
        for post_id, attachment in reader.attachments.items():
            self.add(post_id, attachment)
        for source_id, thumbnail_id in reader.thumbnails.items():
            image = self.images.get(thumbnail_id)
            if image is None:
                continue
            for article in Article.objects.filter(source_id=source_id).exclude(lead_image=image):
                article.lead_image = image
                article.save(update_fields=["lead_image"])
                self.counts["lead images"] += 1
        self.link_body_images(reader)
        return self

    def link_body_images(self, reader):
        by_url = {_key(reader.attachments[pid]["url"]): image for pid, image in self.images.items()}
        if not by_url:
            return
        # The posts of this export that hold a picture (by the id each was imported under).
        source_ids = sorted(reader.posts_with_images)
        for start in range(0, len(source_ids), 200):
            chunk = source_ids[start : start + 200]
            for article in Article.objects.filter(source_id__in=chunk, body__contains="<img"):
                self._link(article, by_url)

    def _link(self, article, by_url):
        """Each <img> showing an imported attachment becomes a reference to its image."""
        linked = 0

        def reference(match):
            nonlocal linked
            tag = match.group(0)
            src = IMG_SRC.search(tag)
            image = by_url.get(_key(src.group(1))) if src else None
            if image is None or "data-image=" in tag:
                return tag
            linked += 1
            rendition = image.renditions.closest(800)
            tag = IMG_SRC.sub(f' src="{rendition.url}"', tag, count=1)
            return tag[:-1].rstrip("/").rstrip() + f' data-image="{image.pk}">'

        body = BODY_IMG.sub(reference, article.body)
        if linked:
            article.body = body
            article.save(update_fields=["body"])
            self.counts["body images linked"] += linked

    def add(self, post_id, attachment):
        path = attachment_file(self.media_dir, attachment["url"])
        if path is None:
            self.counts["missing"] += 1
            self.notes.append(f"attachment {post_id}: no file for {attachment['url']}")
            return
        if self.dry_run:
            self.counts["found"] += 1
            return
        if path.stat().st_size > settings.IMAGES_MAX_UPLOAD_BYTES:
            self.counts["refused"] += 1
            self.notes.append(f"attachment {post_id}: {path.name} is over the size limit")
            return
        # WordPress keeps alt text apart and often empty: the caption or title stands in,
        # and with none of them the image is marked decorative for an editor to review.
        alt = attachment["alt"] or attachment["caption"] or attachment["title"]
        try:
            image, created = add_image(
                path.read_bytes(),
                path.name,
                title=attachment["title"],
                alt_text=alt,
                decorative=not alt,
                caption=attachment["caption"],
                source_url=attachment["url"][:500],
            )
        except ValidationError as exc:
            self.counts["refused"] += 1
            self.notes.append(f"attachment {post_id}: {path.name} refused: {exc.messages[0]}")
            return
        self.images[post_id] = image
        self.counts["added" if created else "already in the library"] += 1
        if not alt:
            self.counts["without alt text (marked decorative)"] += 1

    def summary(self):
        order = [
            "added",
            "already in the library",
            "found",
            "missing",
            "refused",
            "without alt text (marked decorative)",
            "lead images",
            "body images linked",
        ]
        parts = [f"{self.counts[key]} {key}" for key in order if self.counts[key]]
        return "images: " + (", ".join(parts) if parts else "no attachments")
