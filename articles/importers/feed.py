"""RSS and Atom feed files (read with feedparser): each entry with its full text is an article.

An entry that carries only a summary (most feeds of news sites do) is imported as a draft,
marked "Feed entry, summary only" in the admin, for an editor to complete; it never
replaces an article already archived from the same address.
"""

import calendar
import collections
import datetime
import html

import feedparser

from ..models import Article, SourceFormat
from .base import ParsedArticle, SourceError, clean_line, digest, http_url, limited, text_from_html
from .html import MAX_TITLE, html_blocks
from .pagemeta import unique_names

HTML_TYPES = {"text/html", "application/xhtml+xml"}
# feedparser holds the whole feed; news feeds are well under a megabyte.
MAX_BYTES = 16 * 1024 * 1024


class FeedReader:
    def __init__(self, path):
        raw = path.read_bytes()
        if len(raw) > MAX_BYTES:
            raise SourceError(f"too large for a feed ({len(raw):,} bytes)")
        # Parsed from the bytes: feedparser would fetch a URL given as a string.
        self.feed = feedparser.parse(raw, sanitize_html=False, resolve_relative_uris=False)
        problem = self.feed.get("bozo_exception")
        if problem is not None and not isinstance(problem, feedparser.CharacterEncodingOverride):
            # feedparser reads on through broken XML; an archive does not import half a feed.
            line = getattr(problem, "getLineNumber", lambda: None)()
            raise SourceError(f"not a well-formed feed ({_reason(problem)})", line)
        if not self.feed.entries:
            raise SourceError("a feed with no entries")
        self.source_name = clean_line(self.feed.feed.get("title", ""))
        self.skipped = collections.Counter()
        self.notes = []
        self.summary_only = []  # source ids of the entries that had only a summary

    def articles(self):
        for number, entry in enumerate(self.feed.entries, start=1):
            parsed = self._article(entry, number)
            if parsed is not None:
                yield parsed

    def _article(self, entry, number):
        title = clean_line(text_from_html(entry.get("title", "")))
        label = f"entry {number} (“{title or 'untitled'}”)"
        link = http_url(entry.get("link", ""), 500)
        moment = entry.get("published_parsed") or entry.get("updated_parsed")
        if not title:
            return self._skip("entries without a title", f"{label}: no title; skipped")
        if moment is None:
            return self._skip("undated entries", f"{label}: no date; skipped")
        contents = [
            c
            for c in entry.get("content", [])
            if c.get("type", "text/html") in HTML_TYPES | {"text/plain"}
        ]
        chosen = next((c for c in contents if c.value.strip()), None)
        full = _as_html(chosen.value, chosen.get("type")) if chosen else ""
        summary = entry.get("summary", "")
        body = _body(full or summary)
        if not body:
            return self._skip("empty entries", f"{label}: no text; skipped")
        source_id = link or (f"feed:{entry.get('id')}" if entry.get("id") else "")
        if not source_id:
            return self._skip("entries without a link", f"{label}: no link or id; skipped")
        published_at = datetime.datetime.fromtimestamp(calendar.timegm(moment), tz=datetime.UTC)
        tags = unique_names(t.get("label") or t.get("term") or "" for t in entry.get("tags", []))
        if not full:
            self.summary_only.append(source_id[:500])
            self.notes.append(f"{label}: summary only; imported as a draft")
        fields = {
            "title": limited(title, MAX_TITLE),
            "body": body,
            "byline": limited(clean_line(entry.get("author", "")), 200),
            "published_at": published_at,
            "tags": tags,
            "source_url": link,
            "status": Article.Status.PUBLISHED if full else Article.Status.DRAFT,
        }
        return ParsedArticle(
            source_id=source_id[:500],
            sha256=digest({**fields, "published_at": published_at.isoformat()}),
            source_name=self.source_name,
            label=title,
            **fields,
        )

    def _skip(self, reason, note):
        self.skipped[reason] += 1
        self.notes.append(note)
        return None


def _reason(problem):
    message = getattr(problem, "getMessage", None)
    return message() if message else str(problem).splitlines()[0][:200]


def _as_html(value, content_type):
    """Plain-text content is text: escaped, its blank lines separating paragraphs."""
    if content_type != "text/plain":
        return value
    return "".join(f"<p>{html.escape(p)}</p>" for p in value.split("\n\n") if p.strip())


def _body(value):
    if "<" not in value:
        value = "".join(f"<p>{line}</p>" for line in value.split("\n\n") if line.strip())
    return "\n\n".join(html_blocks(value))


def _archived_in_full(source_id):
    articles = Article.objects.filter(source_id=source_id)
    return articles.exclude(source_format=SourceFormat.FEED_SUMMARY).exists()


def import_feed(path, store, *, options, tz, progress):
    reader = FeedReader(path)
    for parsed in progress(reader.articles(), path.name):
        if options.get("source_name"):
            parsed.source_name = options["source_name"]
        if parsed.status == Article.Status.DRAFT and _archived_in_full(parsed.source_id):
            # A summary never replaces an article archived in full from the same address.
            reader.summary_only.remove(parsed.source_id)
            reader._skip(
                "summaries of archived articles",
                f"{parsed.label}: summary only, and already archived in full; left as it is",
            )
            continue
        store.add(parsed)
    store.flush()
    # The store records the file's format; a summary-only entry is marked as such.
    Article.objects.filter(source_id__in=reader.summary_only, status=Article.Status.DRAFT).update(
        source_format=SourceFormat.FEED_SUMMARY
    )
    store.counts["skipped"] += reader.skipped.total()
    counts = store.counts
    details = (
        f"{len(reader.feed.entries)} entries: {counts['created']} created, "
        f"{counts['updated']} updated, {counts['unchanged']} unchanged"
    )
    if reader.summary_only:
        details += f" ({len(reader.summary_only)} summary only, as drafts)"
    if reader.skipped:
        details += "; skipped " + ", ".join(
            f"{count} {reason}" for reason, count in reader.skipped.most_common()
        )
    return reader.notes, details
