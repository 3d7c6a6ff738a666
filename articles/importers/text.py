"""Saved article pages: the plain text a scraper keeps of a WordPress news page.

The layout, top to bottom: the title line, a ``dd/mm/yyyy`` date line, the body's
paragraphs separated by blank lines, the page's ``Tags:`` section (comma-separated, may be
empty), then the comment form's text (``Leave a Reply``, "Your email address will not be
published..."), which is page furniture and never part of the article. The form is
recognised only where it ends the page: a "Leave a Reply" line before the Tags line is the
article's own text, kept and reported, and words after the form that are not the form's
are reported when they are dropped.
"""

import codecs
import datetime
import html
import re
from urllib.parse import urlsplit

from .base import ParsedArticle, SourceError, clean_line, digest, http_url

MAX_BYTES = 2 * 1024 * 1024
MAX_TITLE = 300
MAX_TAG = 100
DATE_LINE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
TAGS_LINE = re.compile(r"tags:(.*)", re.IGNORECASE)
# Where the comment form starts (a whole line): from here to the end is furniture.
FURNITURE = re.compile(
    r"(?:leave a (?:reply|comment)|post a comment|your email address will not be published"
    r"\b.*)\W*",
    re.IGNORECASE,
)
# The rest of a WordPress comment form, as a scraper keeps its text.
FORM_LINE = re.compile(
    r"(?:cancel reply|comment|name|email|e-mail|website|post comment|submit|required fields"
    r".*|save my name.*|notify me .*|you must be logged in.*|logged in as .*)\W*",
    re.IGNORECASE,
)


def read_text(path):
    """The file's text, or a SourceError saying why it is not a readable text page."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SourceError(
            f"too large for a saved page ({size:,} bytes; the limit is {MAX_BYTES:,})"
        )
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # As some Windows editors save text; the BOM says which byte order.
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SourceError(f"not valid UTF-16 (at byte {exc.start:,})") from None
    if not raw.removeprefix(b"\xef\xbb\xbf").strip():
        raise SourceError("empty file")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise SourceError("not a text file (it contains a NUL byte)", line)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)", line
        ) from None
    return text


def normalise(text):
    """Clean the page without changing its words.

    Drops the byte-order mark, turns CRLF and CR into LF, blanks lines made only of
    (non-breaking) spaces and collapses runs of spaces inside a line to one.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [clean_line(line) for line in text.split("\n")]


def parse(path, *, source_url="", source_name="", keep_repeats=False, tz=datetime.UTC):
    """Parse one saved page: returns the article and the notes worth reporting."""
    lines = normalise(read_text(path))
    if not any(lines):
        raise SourceError("empty file")
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line]

    title_no, title = numbered[0]
    if DATE_LINE.fullmatch(title) or TAGS_LINE.fullmatch(title) or FURNITURE.fullmatch(title):
        raise SourceError("no title: the first line of text should be the article's title", 1)
    if len(title) > MAX_TITLE:
        raise SourceError(f"title longer than {MAX_TITLE} characters", title_no)
    if len(numbered) < 2:
        raise SourceError("no date line after the title", title_no)

    date_no, date_text = numbered[1]
    match = DATE_LINE.fullmatch(date_text)
    if not match:
        shown = date_text if len(date_text) <= 40 else date_text[:40] + "…"
        raise SourceError(f"expected the date as dd/mm/yyyy, found “{shown}”", date_no)
    day, month, year = (int(part) for part in match.groups())
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise SourceError(f"impossible date {date_text}", date_no) from None

    paragraphs, tags, notes = _body_and_tags(lines, date_no, keep_repeats)
    if not paragraphs:
        raise SourceError("no body text after the date line", date_no)

    source_url = http_url(source_url, 500)
    published_at = datetime.datetime.combine(date, datetime.time(), tzinfo=tz)
    sha256 = digest("\n".join(lines).strip())
    return (
        ParsedArticle(
            # Without its address a page is known by its content, never by its file's name:
            # two different pages both saved as index.txt are two articles.
            source_id=source_url or f"sha256:{sha256}",
            sha256=sha256,
            # Without an address, an edited copy is known by its file name, title and date
            # together (a re-saved page with a correction), never by its name alone.
            earlier_version={}
            if source_url
            else {
                "source_url": "",
                "source_file": path.name[:255],
                "title": title,
                "published_at": published_at,
            },
            title=title,
            body="\n\n".join(html.escape(p, quote=False) for p in paragraphs),
            published_at=published_at,
            status="published",
            source_url=source_url,
            source_name=source_name or (urlsplit(source_url).hostname or ""),
            tags=tags,
            label=title,
        ),
        notes,
    )


def _body_and_tags(lines, date_no, keep_repeats):
    """Split what follows the date into paragraphs and the Tags: section."""
    paragraphs, tags, notes = [], [], []
    first_seen = {}
    current, current_no = [], None
    in_tags = False

    def close_paragraph():
        nonlocal current, current_no
        if current:
            paragraph = "\n".join(current)
            if paragraph in first_seen:
                verdict = "kept" if keep_repeats else "dropped"
                notes.append(
                    f"line {current_no}: paragraph repeats line {first_seen[paragraph]} word for "
                    f"word (a pull quote?); {verdict}"
                )
                if keep_repeats:
                    paragraphs.append(paragraph)
            else:
                first_seen[paragraph] = current_no
                paragraphs.append(paragraph)
        current, current_no = [], None

    end = _trailer_start(lines, date_no, notes)
    for number, line in enumerate(lines[date_no:end], start=date_no + 1):
        if FURNITURE.fullmatch(line) and not in_tags:
            notes.append(
                f"line {number}: “{line}” inside the body (before the Tags line); kept as text"
            )
        tags_match = TAGS_LINE.fullmatch(line)
        if tags_match and not in_tags:
            close_paragraph()
            in_tags = True
            line = tags_match.group(1)
        if in_tags:
            for name in line.split(","):
                name = name.strip()
                if len(name) > MAX_TAG:
                    raise SourceError(f"tag longer than {MAX_TAG} characters", number)
                if name and name.casefold() not in {t.casefold() for t in tags}:
                    tags.append(name)
        elif not line:
            close_paragraph()
        else:
            current_no = current_no or number
            current.append(line)
    close_paragraph()
    return paragraphs, tags, notes


def _trailer_start(lines, date_no, notes):
    """The index where the comment form's text starts: the first furniture line with no
    Tags line after it; len(lines) when there is none. Words after it that are not the
    form's own are dropped with it, and named in a note."""
    last_tags = max(
        (i for i in range(date_no, len(lines)) if TAGS_LINE.fullmatch(lines[i])), default=-1
    )
    start = next(
        (i for i in range(max(last_tags, date_no), len(lines)) if FURNITURE.fullmatch(lines[i])),
        len(lines),
    )
    others = [
        line
        for line in lines[start + 1 :]
        if line and not FURNITURE.fullmatch(line) and not FORM_LINE.fullmatch(line)
    ]
    if others:
        shown = ", ".join(f"“{line[:60]}”" for line in others[:3])
        more = f" and {len(others) - 3} more" if len(others) > 3 else ""
        notes.append(
            f"dropped {len(others)} line{'s' if len(others) != 1 else ''} of text after the "
            f"comment form’s “{lines[start]}” (line {start + 1}): {shown}{more}"
        )
    return start
