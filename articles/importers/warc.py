"""WARC files (the web-archiving standard): each captured article page becomes an article.

Read with warcio, one record at a time: a multi-gigabyte ``.warc.gz`` crawl is streamed,
and a record's payload is read only when it is an HTML page worth extracting (images,
scripts and the like are passed over without being held in memory). Only ``response``
records hold pages; the others (warcinfo, request, metadata, resource) are counted as
records, and revisits, redirects, error pages, non-HTML responses and pages that hold no
article are skipped and counted. A damaged or truncated file is refused with the offset of
the record where it breaks. Image responses are not imported as pages, but where each one
starts is noted (``picture()`` reads it back), for the pictures of the file's articles
(see capture_images.py).
"""

import dataclasses
import datetime
import hashlib
import zlib

from django.conf import settings
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from captures.models import Capture
from captures.saving import CaptureData

from . import html, memory
from .base import SourceError, http_url

HTML_TYPES = {"text/html", "application/xhtml+xml"}


@dataclasses.dataclass
class Skipped:
    reason: str
    note: str = ""


class _QuietIterator(ArchiveIterator):
    # warcio writes a warning to stderr when a record's length does not match its content;
    # WarcReader turns that into the file's error instead (see err_count).
    INC_RECORD = ""


class WarcReader:
    def __init__(self, path, *, tz=datetime.UTC):
        self.path = path
        self.tz = tz
        self.records = 0
        self.responses = 0
        # A short digest of each image response's address -> where its record starts: a
        # crawl holds many more pictures than pages, and this keeps the index small.
        self.pictures = {}

    def items(self):
        """CapturedArticles and Skipped entries, in the file's order."""
        with open(self.path, "rb") as stream:
            iterator = _QuietIterator(stream)
            offset, record, previous = 0, None, None
            try:
                for record in iterator:
                    _check(previous, iterator, offset)
                    offset = iterator.offset  # where this record starts (read before its payload)
                    self.records += 1
                    item = self._item(record, offset)
                    if item is not None:
                        yield item
                    previous = record
                _check(record, iterator, offset)
            except (ArchiveLoadFailed, StatusAndHeadersParserException, EOFError) as exc:
                where = iterator.offset if record is None else offset
                raise SourceError(
                    f"at offset {where:,}: not a readable WARC record ({_first_line(exc)}); "
                    "the file is damaged or truncated"
                ) from None
            except zlib.error as exc:
                raise SourceError(
                    f"after offset {offset:,}: the compressed data is damaged ({exc})"
                ) from None

    def _item(self, record, offset):
        if record.rec_type == "revisit":
            self.responses += 1
            return Skipped("revisits")
        if record.rec_type != "response":
            return None
        self.responses += 1
        uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
        where = f"record at offset {offset:,} ({uri or 'no target URI'})"
        status = record.http_headers.get_statuscode() if record.http_headers else ""
        if not status.isdigit():
            return Skipped("not HTTP responses", f"{where}: no HTTP status; skipped")
        if 300 <= int(status) < 400:
            return Skipped("redirects")
        if int(status) != 200:
            return Skipped("error pages")
        content_type = record.http_headers.get_header("Content-Type") or ""
        if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
            if content_type.strip().lower().startswith("image/"):
                self.pictures.setdefault(_address_key(uri), offset)
            return Skipped("not HTML")
        raw = record.content_stream().read(html.MAX_BYTES + 1)
        if len(raw) > html.MAX_BYTES:
            return Skipped("pages too large", f"{where}: larger than {html.MAX_BYTES:,} bytes")
        captured_at = _warc_date(record.rec_headers.get_header("WARC-Date"))
        if captured_at is None:
            return Skipped("undated records", f"{where}: no valid WARC-Date; skipped")
        try:
            parsed = html.extract(raw, url=http_url(uri, 2000), tz=self.tz)
        except html.NotAnArticle:
            return Skipped("not articles")
        except SourceError as exc:
            return Skipped("unreadable pages", f"{where}: {exc}; skipped")
        finally:
            if len(raw) > memory.LARGE_PAGE:
                memory.release()
        if not parsed.source_url:
            # Neither the page nor the record gives a web address that fits: the record's own.
            parsed.source_id = f"warc:{uri}"[:500]
        parsed.capture = CaptureData(
            raw=raw,
            content_type=content_type,
            captured_at=captured_at,
            capture_format=Capture.Format.WARC,
            target_uri=http_url(uri, 2000),
            source_file=self.path.name,
            record_offset=offset,
        )
        return parsed

    def picture(self, url):
        """The bytes of the image response for this address in the file, or None."""
        offset = self.pictures.get(_address_key(url))
        if offset is None:
            return None
        limit = settings.IMAGES_MAX_UPLOAD_BYTES
        with open(self.path, "rb") as stream:
            stream.seek(offset)
            try:
                record = next(iter(_QuietIterator(stream)))
                data = record.content_stream().read(limit + 1)
            except (ArchiveLoadFailed, StatusAndHeadersParserException, EOFError, zlib.error):
                return None
        # Over the limit: empty, which the library refuses with the size in the report.
        return b"" if len(data) > limit else data


def _address_key(url):
    return hashlib.blake2b(url.split("#")[0].encode(), digest_size=8).digest()


def _check(record, iterator, offset):
    """Refuse the file when the record just passed (at offset) was not whole.

    Moving on, the iterator reads the rest of that record: in a file cut short the read
    ends before the record's Content-Length is reached; a record followed by anything but
    the blank lines that end it makes warcio count an error.
    """
    short = record is not None and getattr(record.raw_stream, "limit", 0) > 0
    if short or iterator.err_count:
        raise _damaged(offset)


def _damaged(offset):
    return SourceError(
        f"at offset {offset:,}: the record's length does not match its content; "
        "the file is damaged or truncated"
    )


def _first_line(exc):
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _warc_date(value):
    try:
        moment = datetime.datetime.fromisoformat((value or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
