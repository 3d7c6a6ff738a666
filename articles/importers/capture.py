"""Importing web captures (saved HTML pages, WARC files) and keeping their original bytes.

The articles go through the same ArticleStore as every other format; this module adds
what is particular to captures: each article keeps the bytes it was extracted from (the
``captures`` app), the same capture imported twice adds nothing, a newer capture of a page
updates its article, and an older one than the capture already kept leaves it alone.
"""

import collections
import datetime
import gzip
import re
import zlib

from captures.models import Capture
from captures.saving import CaptureData, kept_captures, latest_capture_times, save_captures

from ..models import Article, SourceFormat
from . import html, memory, warc
from .base import SNIFF_BYTES, SourceError
from .capture_images import CapturePictures, saved_alongside

HTML_START = re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s)", re.IGNORECASE)
FEED_START = re.compile(rb"<(rss[\s>]|feed[\s>]|rdf:rdf[\s>])", re.IGNORECASE)


def detect_format(path):
    """HTML, WARC or FEED when the file's first bytes say so; None for the other formats."""
    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
    if head.startswith(b"\x1f\x8b"):
        # A .warc.gz is a series of gzip members, each holding a record.
        try:
            inner = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error:
            return None
        return SourceFormat.WARC if inner.startswith(b"WARC/") else None
    if head.startswith(b"WARC/"):
        return SourceFormat.WARC
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not start.startswith(b"<") or b"wordpress.org/export/" in head:
        return None
    if FEED_START.search(head[:4096]) and not HTML_START.match(start):
        return SourceFormat.FEED
    if HTML_START.search(start[:4096]):
        return SourceFormat.HTML
    return None


class CaptureImport:
    """Feeds CapturedArticles to an ArticleStore a batch at a time and keeps their captures."""

    BATCH = 100
    # Also written out once the pages waiting hold this many bytes, so that memory stays
    # flat with large pages too: what the apps reading each new article (search index,
    # figures, suggestions) hold grows with the batch's text, so a large page goes with at
    # most this much besides.
    BATCH_BYTES = memory.LARGE_PAGE

    def __init__(self, store, pictures):
        self.store = store
        self.pictures = pictures
        self.pending = []
        self.pending_bytes = 0
        self.seen = {}  # source_id -> label of the capture kept in this run
        self.skipped = collections.Counter()
        self.notes = []
        self.captures_added = 0

    def skip(self, reason, note=None):
        self.skipped[reason] += 1
        self.store.counts["skipped"] += 1
        if note:
            self.notes.append(note)

    def add(self, parsed):
        self.pending.append(parsed)
        self.pending_bytes += len(parsed.capture.raw)
        if len(self.pending) >= self.BATCH or self.pending_bytes >= self.BATCH_BYTES:
            self.flush()

    def flush(self):
        batch, self.pending, self.pending_bytes = self.pending, [], 0
        if not batch:
            return
        large = any(len(p.capture.raw) > memory.LARGE_PAGE for p in batch)
        self._write(batch)
        del batch
        if large:
            memory.release()

    def _write(self, batch):
        source_ids = {p.source_id for p in batch}
        latest = latest_capture_times(source_ids)
        kept_already = kept_captures(source_ids, {p.capture.sha256 for p in batch})
        kept = []
        # The pages of the files imported before this one in the run (see ArticleStore).
        earlier_files = getattr(self.store, "seen_in_run", {})
        for parsed in batch:
            when = parsed.capture.captured_at
            if parsed.source_id in self.seen or parsed.source_id in earlier_files:
                self.skip(
                    "repeated captures",
                    f"{parsed.label}: the same page as {parsed.source_id!r} captured earlier "
                    "in this run; skipped",
                )
                continue
            newest = latest.get(parsed.source_id)
            known = (parsed.source_id, parsed.capture.sha256) in kept_already
            # The very bytes kept already go on to the store, which finds them unchanged
            # (whatever the file's date); other bytes captured earlier do not.
            if newest is not None and when < newest and not known:
                self.skip(
                    "older captures",
                    f"{parsed.label}: captured {when:%Y-%m-%d %H:%M}, before the capture "
                    f"already archived ({newest:%Y-%m-%d %H:%M}); the article is left as it is",
                )
                continue
            self.seen[parsed.source_id] = parsed.label
            kept.append(parsed)
            self.store.add(parsed)
            self.pictures.note(parsed)
        self.store.flush()
        articles = Article.objects.filter(source_id__in=[p.source_id for p in kept]).only(
            "id", "source_id"
        )
        by_source = {article.source_id: article for article in articles}
        self.captures_added += save_captures(
            [(by_source.get(p.source_id), p.capture) for p in kept]
        )

    def skipped_listing(self):
        return ", ".join(f"{count} {reason}" for reason, count in self.skipped.most_common())


def import_html(path, store, *, options, tz, progress):
    """One saved page: one article, or a page skipped because it holds none."""
    raw = path.read_bytes()
    pictures = CapturePictures(media_dir=options.get("media_dir"), dry_run=options.get("dry_run"))
    importer = CaptureImport(store, pictures)
    source_url = options.get("source_url") or ""
    try:
        parsed = html.extract(raw, url=source_url, tz=tz)
    except html.NotAnArticle as exc:
        importer.skip("not articles")
        return [], f"skipped: not an article ({exc})"
    if options.get("source_name"):
        parsed.source_name = options["source_name"]
    pictures.find = saved_alongside(path, parsed.source_url)
    parsed.capture = CaptureData(
        raw=raw,
        content_type="text/html",
        # A saved page knows no capture time but its file's: wget and curl -R set it to
        # the server's Last-Modified, a browser to the time of saving.
        captured_at=datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC),
        capture_format=Capture.Format.HTML,
        target_uri=parsed.source_url,
        source_file=path.name,
    )
    importer.add(parsed)
    importer.flush()
    if importer.skipped:
        return importer.notes, f"skipped “{parsed.title}”"
    pictures.run()
    verb = store.last_action
    if options.get("dry_run") and verb != "unchanged":
        verb = f"would be {verb}"
    kept = "; original capture kept" if importer.captures_added else ""
    listed = f"; {pictures.summary()}" if pictures.counts else ""
    return importer.notes + pictures.notes, f"{verb} “{parsed.title}”{kept}{listed}"


def import_warc(path, store, *, options, tz, progress):
    """Every article in a WARC file; the other records are counted, not imported."""
    reader = warc.WarcReader(path, tz=tz)
    # A page's pictures usually come after it in the file: they are added once it is read.
    pictures = CapturePictures(
        reader.picture, media_dir=options.get("media_dir"), dry_run=options.get("dry_run")
    )
    importer = CaptureImport(store, pictures)
    try:
        for item in progress(reader.items(), path.name):
            if isinstance(item, warc.Skipped):
                importer.skip(item.reason, item.note)
            else:
                if options.get("source_name"):
                    item.source_name = options["source_name"]
                importer.add(item)
        importer.flush()
        pictures.run()
    except gzip.BadGzipFile as exc:
        raise SourceError(f"not a readable gzip file ({exc})") from None
    counts = store.counts
    details = (
        f"{reader.records:,} records, {reader.responses:,} responses: "
        f"{counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged"
    )
    if importer.skipped:
        details += "; skipped " + importer.skipped_listing()
    details += f"; {importer.captures_added} captures kept; {pictures.summary()}"
    return importer.notes + pictures.notes, details
