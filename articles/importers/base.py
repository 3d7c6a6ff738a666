"""What every importer shares: the parsed article, the errors, format detection.

An importer turns one file into ``ParsedArticle`` objects; ``store.ArticleStore`` writes
them. Keeping the two apart lets each format stay a small parser that knows nothing of
the database, and keeps the create/update/unchanged rules in one place.
"""

import codecs
import dataclasses
import datetime
import functools
import hashlib
import html
import json
import re
import unicodedata
from pathlib import Path

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email, validate_ipv46_address

from ..models import SourceFormat
from ..text import strip_invisible

# How much of a file is read to tell its format.
SNIFF_BYTES = 64 * 1024

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SPACES = re.compile(r"\s+")

_http_url = URLValidator(schemes=["http", "https"])


class SourceError(Exception):
    """A file that cannot be imported: the reason, and the line when there is one."""

    def __init__(self, reason, line=None):
        super().__init__(reason)
        self.reason = reason
        self.line = line

    def __str__(self):
        return f"line {self.line}: {self.reason}" if self.line else self.reason


@dataclasses.dataclass
class ParsedComment:
    key: str  # the comment's id in its source, for threading
    parent_key: str
    author_name: str
    author_email: str
    author_url: str
    ip_address: str | None
    body: str
    created_at: datetime.datetime
    status: str


@dataclasses.dataclass
class ParsedArticle:
    source_id: str
    sha256: str
    title: str
    body: str
    published_at: datetime.datetime
    status: str
    slug: str = ""
    standfirst: str = ""
    byline: str = ""
    # The authors credited, in order, when the source names them one by one (a WXR with
    # several dc:creator); else the byline is the one name credited.
    authors: list = dataclasses.field(default_factory=list)
    # What the source says of those authors, by name: {"slug", "bio", "url"} (an export of
    # this archive); used for an author made by the import, or to fill an empty bio or link.
    author_profiles: dict = dataclasses.field(default_factory=dict)
    allow_comments: bool = True
    source_url: str = ""
    source_name: str = ""
    tags: list = dataclasses.field(default_factory=list)
    comments: list = dataclasses.field(default_factory=list)
    label: str = ""  # how the command's report names this item
    # For a source known only by its content: the fields (a filter) that find an earlier
    # import of the same item, so that an edited copy updates it instead of adding another.
    earlier_version: dict = dataclasses.field(default_factory=dict)
    # What the parser changed that the report should name (embeds made links, say); the
    # store says them when the article is created or updated.
    notes: list = dataclasses.field(default_factory=list)
    # The provenance an export of this archive carried (source_format, source_file,
    # imported_at), kept instead of this import's own.
    provenance: dict = dataclasses.field(default_factory=dict)

    def credited(self):
        """The names to credit as authors, in order."""
        return self.authors or [self.byline]


def detect_format(path):
    """Tell a file's format (a SourceFormat) from its first bytes, not from its name.

    A WordPress export is XML whose head names the WXR namespace; anything else that
    starts like XML is refused rather than read as a text page.
    """
    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head[: len(head) // 2 * 2].decode("utf-16", errors="replace").encode()
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start.startswith(b"<"):
        if b"wordpress.org/export/" in head:
            return SourceFormat.WXR
        raise SourceError("an XML or HTML file, but not a WordPress export (WXR)")
    return SourceFormat.TEXT


def digest(data):
    """SHA-256 of the normalised source: bytes, text, or a JSON-able structure."""
    if isinstance(data, str):
        data = data.encode()
    elif not isinstance(data, bytes):
        data = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(data).hexdigest()


def clean_line(text):
    """One line of plain text: no control or invisible characters, single spaces."""
    text = strip_invisible(CONTROL.sub("", text))
    return SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def limited(text, limit):
    """Cut text to a database column's length (on a character, with an ellipsis)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_from_html(value):
    """The text of an HTML fragment: no tags, no script or style content, entities decoded."""
    if "<" not in value and "&" not in value:
        return value
    return html.unescape(nh3.clean(value, tags=set(), strip_comments=True))


def _validated(value, max_length, validator):
    """The cleaned value when it fits and the validator accepts it, else empty."""
    value = clean_line(value or "")
    if not value or len(value) > max_length:
        return ""
    try:
        validator(value)
    except ValidationError:
        return ""
    return value


# Cached: commenters' addresses repeat, and the validators' patterns are costly.
@functools.lru_cache(maxsize=4096)
def http_url(url, max_length):
    """The URL when it is a well-formed http(s) address that fits, else empty."""
    return _validated(url, max_length, _http_url)


@functools.lru_cache(maxsize=4096)
def email_address(value, max_length):
    return _validated(value, max_length, validate_email)


def ip_address(value):
    value = (value or "").strip()
    try:
        validate_ipv46_address(value)
    except ValidationError:
        return None
    return value


def iter_files(paths):
    """Every file named, and every file under each folder named, in a stable order.

    Hidden files and folders (".git", ".DS_Store") are left out. A path that does not
    exist is yielded as it is, so that the command reports it like any other bad file.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in relative):
                    yield child
        else:
            yield path
