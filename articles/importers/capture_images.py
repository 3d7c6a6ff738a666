"""The pictures of captured pages (HTML, WARC) into the image library.

A captured page names its pictures by address: its own picture (``og:image``), which
becomes the article's lead image, and the pictures in its text, which extraction leaves in
the body as ``<img src="address" alt="...">``. Nothing is fetched from the network. A
picture's bytes come from the capture itself: an image response in the same WARC file (as
``wget --warc-file -p`` or a browser-based crawler writes them), or the files a browser's
"save complete page" puts beside a saved page (``page_files/chart.png``); or from
``--media-dir DIR``, a copy of the pictures laid out as ``wget -p`` saves them
(``DIR/host/path``) or by path alone. A picture found is checked and added like an upload
in the admin, its address kept as the image's source URL (the same bytes twice are one
image); in the text it becomes a library reference (``data-image``), drawn from renditions
on the page. A picture not found is taken out of the text (pages load nothing from other
sites) and counted, its address listed in the report; the original capture, kept whole,
still names it.
"""

import collections
import html
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

from images.library import add_image

from ..models import Article

# The pictures extraction left in a body (html._pictures_kept writes them exactly so).
PAGE_IMG = re.compile(r'<img src="([^"]*)" alt="([^"]*)">')
EMPTY_BLOCK = re.compile(r"<p>\s*</p>\s*")
# So that a page of a hundred missing pictures does not bury the rest of the report.
MAX_NOTES = 20


def saved_alongside(page_path, page_url):
    """A finder for the pictures saved beside a page: the address of one, resolved against
    the page's own (as extraction resolved it), is looked up under the page's folder."""
    folder = Path(page_path).parent.resolve()
    prefix = urlsplit(urljoin(page_url, "."))

    def find(url):
        parts = urlsplit(url)
        if not page_url or (parts.scheme, parts.netloc) != (prefix.scheme, prefix.netloc):
            return None
        path, start = unquote(parts.path), unquote(prefix.path)
        if not path.startswith(start):
            return None
        full = (folder / path[len(start) :]).resolve()
        return _read(full) if full.is_relative_to(folder) and full.is_file() else None

    return find


def _read(path):
    """A file's bytes; empty when over the size limit (refused with the others, unread)."""
    return path.read_bytes() if path.stat().st_size <= settings.IMAGES_MAX_UPLOAD_BYTES else b""


def media_dir_file(media_dir, url):
    """The file under media_dir for this picture's address (host/path or path), or None."""
    parts = urlsplit(url)
    path = unquote(parts.path).lstrip("/")
    root = Path(media_dir).resolve()
    for candidate in (f"{parts.hostname or ''}/{path}", path):
        full = (root / candidate).resolve()
        if full.is_relative_to(root) and full.is_file():
            return full
    return None


class CapturePictures:
    """Collects the pictures of the pages imported from one file; ``run()`` adds them.

    ``find(address)`` returns a picture's bytes from the capture, or None.
    """

    BATCH = 200

    def __init__(self, find=None, *, media_dir=None, dry_run=False):
        self.find = find
        self.media_dir = media_dir
        self.dry_run = dry_run
        self.pages = {}  # source_id -> (lead address, lead alt text)
        self.images = {}  # address -> Image, or None when not found or refused
        self.counts = collections.Counter()
        self.notes = []

    def note(self, parsed):
        """Remember a page kept by the import, if it names any picture."""
        if parsed.lead_picture[0] or "<img " in parsed.body:
            self.pages[parsed.source_id] = parsed.lead_picture

    def run(self):
        source_ids = sorted(self.pages)
        for start in range(0, len(source_ids), self.BATCH):
            chunk = source_ids[start : start + self.BATCH]
            articles = Article.objects.filter(source_id__in=chunk).only(
                "id", "source_id", "body", "lead_image"
            )
            for article in articles:
                self._article(article, *self.pages[article.source_id])
        return self

    def _article(self, article, lead_url, lead_alt):
        changed = []
        if lead_url and article.lead_image_id is None:
            image = self.image(lead_url, lead_alt)
            if image is not None:
                article.lead_image = image
                changed.append("lead_image")
                self.counts["lead images"] += 1

        def reference(match):
            image = self.image(html.unescape(match.group(1)), html.unescape(match.group(2)))
            if image is None:
                return ""
            self.counts["pictures in text"] += 1
            rendition = image.renditions.closest(800)
            return f'<img src="{rendition.url}" alt="" data-image="{image.pk}">'

        body = EMPTY_BLOCK.sub("", PAGE_IMG.sub(reference, article.body)).strip()
        if body != article.body:
            article.body = body
            changed.append("body")
        if changed:
            article.save(update_fields=changed)

    def image(self, url, alt):
        """The library image for this address (added once per run), or None."""
        if url in self.images:
            return self.images[url]
        self.images[url] = None
        data = self.find(url) if self.find else None
        if data is None and self.media_dir:
            path = media_dir_file(self.media_dir, url)
            data = _read(path) if path is not None else None
        if data is None:
            self._missing(url, "not in the capture")
            return None
        if self.dry_run:
            self.counts["found"] += 1
            return None
        if len(data) > settings.IMAGES_MAX_UPLOAD_BYTES or not data:
            self._missing(url, "over the size limit or empty", count="refused")
            return None
        alt = alt.strip()
        name = PurePosixPath(unquote(urlsplit(url).path)).name or "picture"
        try:
            image, created = add_image(
                data, name, alt_text=alt, decorative=not alt, source_url=url[:500]
            )
        except ValidationError as exc:
            self._missing(url, f"refused: {exc.messages[0]}", count="refused")
            return None
        self.counts["added" if created else "already in the library"] += 1
        if created and not alt:
            self.counts["without alt text (marked decorative)"] += 1
        self.images[url] = image
        return image

    def _missing(self, url, why, count="not in the capture"):
        self.counts[count] += 1
        if len(self.notes) < MAX_NOTES:
            self.notes.append(f"picture {url}: {why}; left out")
        elif len(self.notes) == MAX_NOTES:
            self.notes.append("more pictures left out; see the counts")

    def summary(self):
        order = [
            "added",
            "already in the library",
            "found",
            "not in the capture",
            "refused",
            "without alt text (marked decorative)",
            "lead images",
            "pictures in text",
        ]
        parts = [f"{self.counts[key]} {key}" for key in order if self.counts[key]]
        return "pictures: " + (", ".join(parts) if parts else "none added")
