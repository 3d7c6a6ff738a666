"""The original captures of articles, back from an export of this archive.

``export_articles`` writes each web capture an article was extracted from as a
``_newsarchive_capture`` post meta (JSON: the address, capture time, content type, format,
file, WARC record offset, and the SHA-256 and size of the raw bytes) and, with
``--captures-dir``, the bytes themselves: one gzip file each, named by that digest.
``import_articles`` gives the captures back to their article; with ``--captures-dir`` the
bytes too, each checked against its digest and size, so a file that was changed or cut short
is never taken for the capture. A capture whose bytes are missing or do not match is kept
without them (what was captured, where and when is still true) and reported. A capture kept
already is not added twice, and one kept without its bytes gets them when they come.
The article's own provenance (the format, file and time it was first imported from) comes
back with it too (``article_provenance``).
"""

import collections
import datetime
import gzip
import hashlib
import json
import re
import zlib
from pathlib import Path

from django.db.models import BooleanField, ExpressionWrapper, Q

from captures.models import Capture

from ..exporters.wxr import (
    IMPORTED_AT_META,
    SOURCE_FILE_META,
    SOURCE_FORMAT_META,
    capture_file,
)
from ..models import Article, SourceFormat
from .base import clean_line, http_url, limited
from .html import MAX_BYTES

SHA256 = re.compile(r"[0-9a-f]{64}")
# Source ids looked up at once, and compressed bytes held before they are written.
CHUNK = 500
PENDING_BYTES = 16 * 1024 * 1024


class BadCapture(Exception):
    pass


def article_provenance(identity):
    """An export's record of where an article came from, as the fields to keep; a value
    that does not make sense is left out (this import's own is kept for it)."""
    kept = {"source_file": limited(clean_line(identity.get(SOURCE_FILE_META, "")), 255)}
    source_format = identity.get(SOURCE_FORMAT_META, "").strip()
    if source_format in SourceFormat.values:
        kept["source_format"] = source_format
    try:
        imported_at = datetime.datetime.fromisoformat(identity.get(IMPORTED_AT_META, "").strip())
    except ValueError:
        imported_at = None
    if imported_at is not None and imported_at.tzinfo is not None:
        kept["imported_at"] = imported_at
    return kept


def capture_provenance(value):
    """The Capture fields in one ``_newsarchive_capture`` value; BadCapture says why not."""
    try:
        data = json.loads(value)
    except ValueError:
        raise BadCapture("not JSON") from None
    if not isinstance(data, dict):
        raise BadCapture("not a JSON object")
    sha256 = data.get("sha256")
    if not isinstance(sha256, str) or not SHA256.fullmatch(sha256):
        raise BadCapture("no SHA-256 (64 hexadecimal digits)")
    size = data.get("size")
    if not _whole_number(size):
        raise BadCapture("no size")
    if data.get("capture_format") not in Capture.Format.values:
        raise BadCapture(f"unknown format “{str(data.get('capture_format'))[:20]}”")
    try:
        captured_at = datetime.datetime.fromisoformat(str(data.get("captured_at", "")))
    except ValueError:
        captured_at = None
    if captured_at is None or captured_at.tzinfo is None:
        raise BadCapture("no capture time with its time zone")
    offset = data.get("record_offset")
    return {
        "target_uri": http_url(str(data.get("target_uri") or ""), 2000),
        "captured_at": captured_at,
        "content_type": clean_line(str(data.get("content_type") or ""))[:200] or "text/html",
        "capture_format": data["capture_format"],
        "source_file": clean_line(str(data.get("source_file") or ""))[:255],
        "record_offset": offset if _whole_number(offset) else None,
        "sha256": sha256,
        "size": size,
    }


def _whole_number(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


class CaptureRestore:
    """Gives each imported post its captures back; counts and reports what it did."""

    def __init__(self, captures_dir=None):
        self.captures_dir = Path(captures_dir) if captures_dir else None
        self.counts = collections.Counter()
        self.notes = []
        self._pending = []
        self._pending_bytes = 0

    def run(self, captures, left_alone=()):
        """``captures``: source_id -> the post's ``_newsarchive_capture`` values.
        ``left_alone``: the source ids the import skipped or refused (their article, if any,
        is not the post's)."""
        source_ids = [source_id for source_id in captures if source_id not in left_alone]
        for start in range(0, len(source_ids), CHUNK):
            chunk = source_ids[start : start + CHUNK]
            articles = Article.objects.filter(source_id__in=chunk).only("id", "source_id")
            by_source = {article.source_id: article for article in articles}
            # (article id, SHA-256) -> whether the bytes are kept, for the captures there.
            rows = (
                Capture.objects.filter(article__in=by_source.values())
                .annotate(
                    has_bytes=ExpressionWrapper(
                        Q(compressed__isnull=False), output_field=BooleanField()
                    )
                )
                .values_list("article_id", "sha256", "has_bytes")
            )
            kept = {(article_id, sha256): has_bytes for article_id, sha256, has_bytes in rows}
            for source_id in chunk:
                article = by_source.get(source_id)
                if article is not None:
                    for value in captures[source_id]:
                        self._restore(article, value, kept)
        self._write()
        return self

    def _restore(self, article, value, kept):
        try:
            fields = capture_provenance(value)
        except BadCapture as exc:
            self.counts["refused"] += 1
            self.notes.append(f"“{article.source_id}”: a capture's provenance refused: {exc}")
            return
        key = (article.pk, fields["sha256"])
        if kept.get(key):
            self.counts["already kept"] += 1
            return
        raw = self._bytes(fields)
        if key in kept:
            # Kept before without its bytes: they are added now, if they came.
            if raw is not None:
                Capture.objects.filter(article=article, sha256=fields["sha256"]).update(
                    compressed=Capture.compress(raw)
                )
                self.counts["bytes added"] += 1
                kept[key] = True
            else:
                self.counts["already kept"] += 1
            return
        kept[key] = raw is not None
        compressed = Capture.compress(raw) if raw is not None else None
        self._pending.append(Capture(article=article, compressed=compressed, **fields))
        self._pending_bytes += len(compressed or b"")
        self.counts["restored"] += 1
        if raw is not None:
            self.counts["with their bytes"] += 1
        if len(self._pending) >= CHUNK or self._pending_bytes >= PENDING_BYTES:
            self._write()

    def _write(self):
        Capture.objects.bulk_create(self._pending)
        self._pending, self._pending_bytes = [], 0

    def _bytes(self, fields):
        """The capture's raw bytes from the captures folder, checked; None when not there."""
        if self.captures_dir is None:
            return None
        name = capture_file(fields["sha256"])
        path = self.captures_dir / name
        if not path.is_file():
            self.counts["bytes missing"] += 1
            self.notes.append(f"{name}: no such file in the captures folder; kept without bytes")
            return None
        if path.stat().st_size > MAX_BYTES + 64 * 1024:
            return self._refused(name, "larger than any capture can be")
        try:
            with gzip.open(path, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
        except (OSError, EOFError, zlib.error):
            return self._refused(name, "not a readable gzip file")
        if len(raw) > MAX_BYTES:
            return self._refused(name, f"holds more than {MAX_BYTES:,} bytes")
        if len(raw) != fields["size"] or hashlib.sha256(raw).hexdigest() != fields["sha256"]:
            return self._refused(name, "its bytes do not match the capture's SHA-256 and size")
        return raw

    def _refused(self, name, reason):
        self.counts["bytes refused"] += 1
        self.notes.append(f"{name}: {reason}; the capture is kept without bytes")
        return None

    def summary(self):
        order = [
            "restored",
            "with their bytes",
            "bytes added",
            "already kept",
            "bytes missing",
            "bytes refused",
            "refused",
        ]
        parts = [f"{self.counts[key]} {key}" for key in order if self.counts[key]]
        return "captures: " + (", ".join(parts) if parts else "none")
