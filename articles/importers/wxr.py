"""WordPress eXtended RSS (WXR) exports: posts with their tags, categories and comments.

The file is streamed: each ``<item>`` is turned into a ``ParsedArticle`` as soon as it
ends and then dropped from the tree, so a large export never has to fit in memory. The
XML is parsed by defusedxml, which refuses entity declarations (the entity-expansion
"billion laughs" bomb) and external references, so no file can reach the network or
exhaust memory through the parser.
"""

import collections
import datetime
import functools
import html
import re
from email.utils import parsedate_to_datetime
from urllib.parse import unquote

from defusedxml.common import DefusedXmlException, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError, iterparse
from django.utils.text import Truncator, slugify

from ..exporters.wxr import (
    BYLINE_META,
    CAPTURE_META,
    IDENTITY_META,
    SOURCE_ID_META,
    SOURCE_NAME_META,
    SOURCE_URL_META,
)
from ..html import sanitize
from ..models import (
    COMMENT_BODY_MAX,
    COMMENT_EMAIL_MAX,
    COMMENT_NAME_MAX,
    COMMENT_URL_MAX,
)
from .base import (
    ParsedArticle,
    ParsedComment,
    SourceError,
    clean_line,
    digest,
    email_address,
    http_url,
    ip_address,
    limited,
    text_from_html,
)
from .provenance import article_provenance
from .wxrauthors import WxrAuthors

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"

POST_STATUS = {
    "publish": "published",
    "draft": "draft",
    "pending": "draft",
    "private": "draft",
    "future": "draft",  # keeps its date, so an editor can schedule it again
}
COMMENT_STATUS = {
    "1": "approved",
    "approve": "approved",
    "0": "pending",
    "hold": "pending",
    "spam": "spam",
    "trash": "trash",
    "post-trashed": "trash",
}
PROVENANCE_META = {SOURCE_URL_META, SOURCE_NAME_META, BYLINE_META}
# For the image library (importers/media.py); kept apart, out of the post's digest.
IMAGE_META = {"_thumbnail_id", "_wp_attachment_image_alt"}
SKIPPED_TYPES = {
    "page": "pages",
    "attachment": "attachments",
    "nav_menu_item": "menu items",
    "wp_block": "reusable blocks",
}

# The block editor's markers (<!-- wp:paragraph -->, <!-- /wp:paragraph -->).
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
# Shortcodes that only a WordPress site can render; their inner text is kept.
SHORTCODE = re.compile(
    r"\[/?(?:caption|gallery|embed|audio|video|playlist|wpvideo|youtube|vimeo|googlemaps"
    r"|soundcloud|tweet|instagram)\b[^\]]*\]",
    re.IGNORECASE,
)
# [audio mp3="..."] and [video mp4="..."]: the file's address, for a link to it.
MEDIA_SHORTCODE = re.compile(r"\[(audio|video)\b([^\]]*)\]", re.IGNORECASE)
MEDIA_URL = re.compile(
    r"""\b(?:src|mp3|m4a|ogg|oga|wav|wma|flac|mp4|m4v|webm|ogv|wmv|flv|mov)\s*=\s*["']?"""
    r"""(https?://[^"'\s\]]+)""",
    re.IGNORECASE,
)
# Text between tags (or before the first), and what makes it more than spaces.
TEXT_OUTSIDE_TAGS = re.compile(r"(?:^|>)([^<]+)")
LETTER_OR_DIGIT = re.compile(r"[^\W_]")
COMMENT_BREAKS = re.compile(r"<br\s*/?>|</p>", re.IGNORECASE)
# An article has a capture or two (a page and its later captures); an item claiming more
# is not an export of ours. Each capture's provenance is a short JSON object.
MAX_CAPTURES = 100
MAX_CAPTURE_META = 10_000
# A post longer than this is not an article (a pasted database dump, say): skipped.
MAX_BODY = 2_000_000


class WxrReader:
    """Reads one export; ``articles()`` yields each post as a ParsedArticle.

    What is left out is counted in ``skipped`` (by reason), and what is worth telling
    the user is collected in ``notes``.
    """

    def __init__(self, path, *, categories_as_tags=True):
        self.path = path
        self.categories_as_tags = categories_as_tags
        self.skipped = collections.Counter()
        self.comments_skipped = collections.Counter()
        self.notes = []
        self.site_name = ""
        self.site_url = ""
        self.authors = WxrAuthors()
        self.items_read = 0
        # (taxonomy, term) -> posts: the terms not kept, named in one note at the end.
        self.terms_left_out = collections.Counter()
        # For the image library (importers/media.py): each attachment by its post id, and
        # each post's featured image (_thumbnail_id) by the post's source_id.
        self.attachments = {}
        self.thumbnails = {}
        # The posts whose bodies hold an <img>, by source_id: the media import links those
        # showing an imported attachment to the library.
        self.posts_with_images = set()
        # For the captures' provenance (importers/provenance.py): the _newsarchive_capture
        # values of each post, by the post's source_id.
        self.captures = {}
        self._expat = None

    def articles(self):
        seen_rss = False
        depth = 0
        channel = None
        for event, elem in self._events():
            if event == "start":
                depth += 1
                if depth == 1:
                    if self._name(elem.tag) != "rss":
                        raise SourceError("not a WordPress export: the root element is not <rss>")
                    seen_rss = True
                elif depth == 2 and self._name(elem.tag) == "channel":
                    channel = elem
                continue
            depth -= 1
            if depth != 2 or channel is None:
                continue
            # A direct child of <channel> has ended: use it, then let it go.
            name = self._name(elem.tag)
            if name == "item":
                self.items_read += 1
                article = self._item(elem)
                if article is not None:
                    yield article
            elif name == "title":
                self.site_name = limited(clean_line(elem.text or ""), 200)
            elif name == "wp:base_blog_url" or (name == "link" and not self.site_url):
                self.site_url = (elem.text or "").strip()
            elif name == "wp:author":
                self.authors.add(elem, self._name)
            elem.clear()
            channel.remove(elem)
        if not seen_rss or channel is None:
            raise SourceError("not a WordPress export: no <rss><channel> element")
        self._note_terms_left_out()

    def _note_terms_left_out(self):
        """One note naming every taxonomy term that did not become a tag."""
        categories = [
            f"“{name}” ({_posts(n)})"
            for (domain, name), n in sorted(self.terms_left_out.items())
            if domain == "category"
        ]
        others = [
            f"“{name}” ({domain}) on {_posts(n)}"
            for (domain, name), n in sorted(self.terms_left_out.items())
            if domain != "category"
        ]
        if categories:
            self.notes.append(
                "categories left out (--no-categories): "
                + ", ".join(categories[:20])
                + (f" and {len(categories) - 20} more" if len(categories) > 20 else "")
            )
        if others:
            self.notes.append(
                "terms of other taxonomies left out: "
                + ", ".join(others[:20])
                + (f" and {len(others) - 20} more" if len(others) > 20 else "")
            )

    def _events(self):
        parser = DefusedXMLParser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        self._expat = parser.parser
        try:
            yield from iterparse(str(self.path), events=("start", "end"), parser=parser)
        except ParseError as exc:
            reason = re.sub(r":\s*line \d+, column \d+$", "", str(exc))
            raise SourceError(f"malformed XML: {reason}", exc.position[0]) from None
        except EntitiesForbidden as exc:
            raise SourceError(
                f"the file declares the XML entity “{exc.name}”; entity declarations are "
                "refused (they make entity-expansion bombs possible)",
                self._expat.CurrentLineNumber,
            ) from None
        except DefusedXmlException:
            raise SourceError(
                "the file refers to an external DTD or entity; external references are refused",
                self._expat.CurrentLineNumber,
            ) from None

    @staticmethod
    @functools.lru_cache(maxsize=256)
    def _name(tag):
        """'{namespace}local' as the familiar prefixed name: 'wp:post_id', 'content:encoded'."""
        if not tag.startswith("{"):
            return tag
        namespace, local = tag[1:].split("}", 1)
        if namespace.endswith("/excerpt/"):
            return f"excerpt:{local}"
        if "wordpress.org/export/" in namespace:
            return f"wp:{local}"
        if namespace == CONTENT_NS:
            return f"content:{local}"
        if namespace == DC_NS:
            return f"dc:{local}"
        return local

    def _item(self, item):
        fields, categories, comments, meta, image_meta = {}, [], [], {}, {}
        creators = []
        identity, captures = {}, []
        for child in item:
            name = self._name(child.tag)
            if name == "dc:creator":
                # WordPress writes one; an export of this archive one per author, in order.
                creators.append((child.text or "").strip())
                fields[name] = child.text or ""
            elif name == "category":
                categories.append(
                    [child.get("domain", ""), child.get("nicename", ""), child.text or ""]
                )
            elif name == "wp:comment":
                comments.append({self._name(c.tag): c.text or "" for c in child if len(c) == 0})
            elif name == "wp:postmeta":
                entry = {self._name(c.tag): c.text or "" for c in child}
                if entry.get("wp:meta_key") in PROVENANCE_META:
                    meta[entry["wp:meta_key"]] = entry.get("wp:meta_value", "")
                elif entry.get("wp:meta_key") in IMAGE_META:
                    image_meta[entry["wp:meta_key"]] = entry.get("wp:meta_value", "").strip()
                elif entry.get("wp:meta_key") in IDENTITY_META:
                    identity[entry["wp:meta_key"]] = entry.get("wp:meta_value", "")
                elif entry.get("wp:meta_key") == CAPTURE_META:
                    captures.append(entry.get("wp:meta_value", "")[:MAX_CAPTURE_META])
            else:
                fields[name] = child.text or ""

        post_type = fields.get("wp:post_type", "post").strip() or "post"
        if post_type == "attachment":
            self._attachment(fields, image_meta)
        if post_type != "post":
            self.skipped[SKIPPED_TYPES.get(post_type, f"items of type “{post_type}”")] += 1
            return None
        wp_status = fields.get("wp:status", "").strip()
        if wp_status not in POST_STATUS:
            self.skipped[f"posts with status “{wp_status or 'none'}”"] += 1
            return None

        post_id = fields.get("wp:post_id", "").strip()
        label = f"item {self.items_read} (post {post_id or '?'})"
        body = fields.get("content:encoded", "")
        if len(body) > MAX_BODY:
            self.skipped["posts too long"] += 1
            self.notes.append(f"{label}: content of {len(body):,} characters (limit {MAX_BODY:,})")
            return None
        body = MEDIA_SHORTCODE.sub(_media_element, BLOCK_COMMENT.sub("", body))
        body = SHORTCODE.sub("", body).strip()
        title = clean_line(text_from_html(fields.get("title", "")))
        if not title:
            words = clean_line(text_from_html(body))
            title = Truncator(words).words(8, truncate="…") if words else "Untitled"
            self.notes.append(f"{label}: no title; titled “{title}”")
        if len(title) > 300:
            self.notes.append(f"{label}: title cut to 300 characters")
            title = limited(title, 300)
        label = f"{label} “{Truncator(title).chars(60)}”"

        published_at = (
            self._date(fields.get("wp:post_date_gmt"), label)
            or self._date(fields.get("wp:post_date"), label)
            or self._rss_date(fields.get("pubDate"))
            or datetime.datetime.now(datetime.UTC)
        )
        status = POST_STATUS[wp_status]
        if fields.get("wp:post_password", "").strip() and status == "published":
            # Its author meant only password holders to read it: an editor decides.
            status = "draft"
            self.notes.append(f"{label}: password-protected; imported as a draft")
        if _empty(body):
            # Only dynamic blocks (latest posts, a gallery...) that only WordPress can fill.
            self.notes.append(
                f"{label}: empty after cleaning (its content was only blocks or shortcodes "
                "that WordPress fills in)"
                + ("; imported as a draft" if status == "published" else "")
            )
            status = "draft"

        tags = []
        for domain, _nicename, name in categories:
            name = clean_line(html.unescape(name))
            if not name:
                continue
            # Exports older than WXR 1.1 write a post's categories with no domain.
            domain = domain.strip() or "category"
            if domain != "post_tag" and (domain != "category" or not self.categories_as_tags):
                self.terms_left_out[domain, name] += 1
            elif len(name) > 100:
                self.notes.append(f"{label}: tag longer than 100 characters left out")
            elif name.casefold() not in {t.casefold() for t in tags}:
                tags.append(name)

        # The post's id on its site: guids are not unique in real exports. An export of this
        # archive gives the id the article was first imported under, kept.
        original_id = limited(clean_line(identity.get(SOURCE_ID_META, "")), 500)
        if original_id:
            source_id = original_id
        elif post_id:
            source_id = f"{self.site_url}?p={post_id}"
        else:
            source_id = clean_line(fields.get("guid", "")) or f"{self.site_url}#{self.items_read}"
        if image_meta.get("_thumbnail_id"):
            self.thumbnails[limited(source_id, 500)] = image_meta["_thumbnail_id"]
        if len(captures) > MAX_CAPTURES:
            self.notes.append(
                f"{label}: {len(captures)} captures; the first {MAX_CAPTURES} kept, "
                f"{len(captures) - MAX_CAPTURES} left out"
            )
            captures = captures[:MAX_CAPTURES]
        if captures:
            self.captures[limited(source_id, 500)] = captures
        if "<img" in body.lower():
            self.posts_with_images.add(limited(source_id, 500))
        names, profiles = self.authors.credited(creators)
        byline = ", ".join(names)
        if BYLINE_META in meta:
            byline = clean_line(meta[BYLINE_META])
        return ParsedArticle(
            source_id=limited(source_id, 500),
            sha256=digest(
                {"fields": fields, "categories": categories, "comments": comments}
                | ({"meta": meta} if meta else {})
                # (Kept out when there is one, so that earlier imports keep their digests.)
                | ({"creators": creators} if len(creators) > 1 else {})
                | ({"identity": identity} if identity else {})
                | ({"captures": captures} if captures else {})
            ),
            title=title,
            slug=slugify(unquote(fields.get("wp:post_name", "")))[:280],
            body=body,
            standfirst=limited(
                clean_line(text_from_html(fields.get("excerpt:encoded", ""))),
                1000,
            ),
            byline=limited(byline, 200),
            authors=names,
            author_profiles=profiles,
            published_at=published_at,
            status=status,
            allow_comments=fields.get("wp:comment_status", "open").strip() != "closed",
            # An export of this archive names where each article was found in the first place.
            source_url=http_url(meta.get(SOURCE_URL_META, fields.get("link", "")), 500),
            source_name=limited(clean_line(meta[SOURCE_NAME_META]), 200)
            if SOURCE_NAME_META in meta
            else self.site_name,
            tags=tags,
            comments=self._comments(comments, published_at, label),
            label=label,
            provenance=article_provenance(identity) if original_id else {},
        )

    def _attachment(self, fields, meta):
        post_id = fields.get("wp:post_id", "").strip()
        url = (fields.get("wp:attachment_url") or fields.get("guid") or "").strip()
        if post_id and url:
            self.attachments[post_id] = {
                "url": url,
                "title": limited(clean_line(text_from_html(fields.get("title", ""))), 200),
                "alt": limited(clean_line(meta.get("_wp_attachment_image_alt", "")), 500),
                "caption": limited(
                    clean_line(text_from_html(fields.get("excerpt:encoded", ""))), 500
                ),
            }

    def _comments(self, raw_comments, published_at, label):
        comments = []
        for raw in raw_comments:
            if raw.get("wp:comment_type", "").strip() in ("pingback", "trackback"):
                self.comments_skipped["pingbacks and trackbacks"] += 1
                continue
            text = COMMENT_BREAKS.sub("\n", raw.get("wp:comment_content", ""))
            text = text_from_html(text).replace("\r\n", "\n").strip()
            text = re.sub(r"\n{3,}", "\n\n", text)
            if not text:
                self.comments_skipped["empty comments"] += 1
                continue
            approved = raw.get("wp:comment_approved", "").strip()
            comments.append(
                ParsedComment(
                    key=_comment_id(raw.get("wp:comment_id")),
                    parent_key=_comment_id(raw.get("wp:comment_parent")),
                    author_name=limited(
                        clean_line(raw.get("wp:comment_author", "")), COMMENT_NAME_MAX
                    )
                    or "Anonymous",
                    author_email=email_address(
                        raw.get("wp:comment_author_email"), COMMENT_EMAIL_MAX
                    ),
                    author_url=http_url(raw.get("wp:comment_author_url"), COMMENT_URL_MAX),
                    ip_address=ip_address(raw.get("wp:comment_author_IP")),
                    body=limited(text, COMMENT_BODY_MAX),
                    created_at=self._date(raw.get("wp:comment_date_gmt"), label)
                    or self._date(raw.get("wp:comment_date"), label)
                    or published_at,
                    status=COMMENT_STATUS.get(approved, "pending"),
                )
            )
        return comments

    @staticmethod
    def _date(value, label):
        """A WordPress date ('2018-06-28 09:30:00', taken as UTC); None when unset."""
        value = (value or "").strip()
        if not value or value.startswith("0000-00-00"):
            return None
        try:
            date = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise SourceError(f"{label}: impossible date “{value[:40]}”") from None
        if date.tzinfo is None:
            return date.replace(tzinfo=datetime.UTC)
        try:
            return date.astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            raise SourceError(f"{label}: impossible date “{value[:40]}”") from None

    @staticmethod
    def _rss_date(value):
        try:
            return parsedate_to_datetime(value or "")
        except (TypeError, ValueError):
            return None


def _empty(body):
    """Whether a post shows nothing once sanitised: no words, image, table or link."""
    # Most posts have a word outside any tag near their start: told cheaply, without a
    # second parse (unless a script or style, whose text is not shown, could be that word).
    head = body[:4096]
    if "<script" not in head.lower() and "<style" not in head.lower():
        for text in TEXT_OUTSIDE_TAGS.findall(head):
            if LETTER_OR_DIGIT.search(html.unescape(text)):
                return False
    clean = sanitize(body)
    return not text_from_html(clean).strip() and not re.search(r"<(?:img|table|hr)\b", clean)


def _media_element(match):
    """A media shortcode as the element it stands for; the sanitiser makes it a link."""
    found = MEDIA_URL.search(match.group(2))
    if not found:
        return ""
    kind = match.group(1).lower()
    return f'<{kind} src="{html.escape(found.group(1))}"></{kind}>'


def _posts(count):
    return f"{count:,} post{'s' if count != 1 else ''}"


def _comment_id(value):
    """A comment's id as text; WordPress writes 0 for "no parent"."""
    value = (value or "").strip()
    return "" if value == "0" else value
