"""Saved web pages (HTML): the article in a page, without the page around it.

The body is found by trafilatura, which drops navigation, share buttons, comment sections
and related links (see docs/development.md for why this library). What the page says about
itself wins over what can be guessed from its text: the title from ``og:title`` or the
JSON-LD ``NewsArticle``'s headline, the date from ``article:published_time`` or
``datePublished``, the author from JSON-LD or ``<meta name="author">``, the address from
``rel=canonical``, the tags from ``article:tag`` and ``rel=tag`` links. trafilatura's own
metadata (which dates the page with htmldate) is the fallback for each.

``extract()`` turns the bytes of one page into a ParsedArticle, or raises NotAnArticle
(a home page, a list of tags) or SourceError (a file that cannot be read as a page).
"""

import dataclasses
import datetime
import html
import re
import secrets
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.core import determine_returnstring
from trafilatura.settings import Extractor

from ..html import MEDIA_NAMES, host_of, media_source
from .base import ParsedArticle, SourceError, clean_line, digest, http_url, limited
from .memory import LARGE_PAGE
from .pagemeta import PageMetadata, unique_names

# News pages weigh 50 kB to 2 MB. Extraction holds the page's tree, several times its size:
# a 4 MB page of nothing but paragraphs peaks near 220 MB, well past that the 300 MB budget.
MAX_BYTES = 4 * 1024 * 1024
MAX_TITLE = 300
MAX_BYLINE = 200
# Fewer words than this in what trafilatura keeps, and no metadata saying "article": a
# home page, a list of links, an error page.
MIN_WORDS = 40
BLOCK_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table"}
WHITESPACE = re.compile(r"\s+")
# " | Site", " - Site", " – Site" after a title, when Site is the page's site name.
# Words in a class or id that mark a block as page furniture (see _furniture_removed).
FURNITURE_NAMES = {"related", "share", "sharing", "social", "newsletter", "sharedaddy"}
# An embedded frame this small is a tracker, not content.
SIZES = ("width", "height")
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")
# How many blocks at the top may hold the title and standfirst (see _head_removed).
HEAD_BLOCKS = 6
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# WordPress's resized copies: "photo-300x200.jpg" is a size of "photo.jpg".
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
# A srcset's list left in src, as trafilatura writes it (spaces escaped or not): all but
# the first address goes.
SRCSET_FIRST = re.compile(r"(?:\s|%20)+\d+(?:\.\d+)?[wx](?:,|%2C|$).*", re.IGNORECASE | re.DOTALL)
# lxml writes a value holding a double quote in single quotes.
IMG_SRC = re.compile(r"""\ssrc=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
IMG_ALT = re.compile(r"""\salt=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


class NotAnArticle(Exception):
    """A page that holds no article: skipped and counted, not an error."""


@dataclasses.dataclass
class CapturedArticle(ParsedArticle):
    capture: object = None  # a captures.saving.CaptureData
    # The page's own picture (og:image): (address, alt text), or empty. Its pictures in the
    # text stay in the body as <img src="address" alt="..."> until capture_images makes
    # them library references (or takes them out when the capture does not hold them).
    lead_picture: tuple = ("", "")


def parse_html(raw):
    """The page's tree (lxml), or a SourceError when the bytes are not an HTML page."""
    if not raw.strip():
        raise SourceError("empty file")
    if len(raw) > MAX_BYTES:
        raise SourceError(f"too large for a web page ({len(raw):,} bytes; limit {MAX_BYTES:,})")
    tree = trafilatura.load_html(raw)
    if tree is None:
        raise SourceError("not an HTML page that can be read")
    return tree


def extract(raw, *, url="", tz=datetime.UTC):
    """One page's article: ``url`` is where it was captured from, when known.

    The page is parsed once and extracted once: trafilatura's metadata (the fallback for
    title, date and author) and its body come from the same pass. A page near MAX_BYTES
    makes a tree several times its size, and each further parse or pass held another.
    """
    page = parse_html(raw)
    meta = PageMetadata(page)
    _furniture_removed(page)
    embeds = _embeds_marked(page)
    options = Extractor(
        output_format="html",
        with_metadata=True,
        tables=True,
        images=True,
        links=True,
        formatting=True,
        comments=False,
        url=url or None,
        # trafilatura checks its result against other extractors' (readability, jusText),
        # each run on another copy of the tree: on a page over 1 MB that doubled the
        # extraction's memory (+99 MB against +48 for a 3.8 MB page). Its own algorithm
        # alone is used there; news pages that large are rare and mostly one long text.
        fast=len(raw) > LARGE_PAGE,
    )
    # bare_extraction rather than extract_with_metadata: the latter also computes a
    # similarity hash of the whole text, which we do not use and which on a page of several
    # MB was the process's peak of memory.
    guessed = trafilatura.bare_extraction(page, options=options)
    del page  # trafilatura worked on its own copy; only its result is needed from here
    if guessed is None:
        raise NotAnArticle("no article text found")
    body_html = determine_returnstring(guessed, options)
    guessed.body = None

    site_name = meta.first("og:site_name") or meta.publisher()
    title = _without_site_name(
        meta.first("og:title") or meta.ld("headline") or clean_line(guessed.title or ""),
        site_name,
        url,
    )
    blocks, notes = _embeds_linked(html_blocks(body_html or "", keep_images=True), embeds)
    del body_html
    base = meta.canonical or url
    lead_url, lead_alt = meta.image()
    lead_url = http_url(urljoin(base, lead_url), 500) if lead_url else ""
    blocks, copy_alt = _pictures_kept(blocks, base, lead_url)
    lead_alt = lead_alt or copy_alt
    description = meta.first("og:description") or meta.first("description")
    # Pictures above the text are set aside while the title and standfirst are looked for
    # among its first blocks, and go back on top.
    on_top = [block for block in blocks[:HEAD_BLOCKS] if not _text(block)]
    blocks = [b for i, b in enumerate(blocks) if i >= HEAD_BLOCKS or _text(b)]
    blocks, standfirst = _head_removed(blocks, title, description)
    blocks = on_top + blocks
    words = sum(len(WHITESPACE.split(_text(block))) for block in blocks)
    if not meta.is_article and words < MIN_WORDS:
        raise NotAnArticle(f"no article metadata and only {words} words of text")
    if not title:
        raise NotAnArticle("no title")
    if not blocks:
        raise NotAnArticle("no body text")
    published_at = meta.published_at(tz) or _guessed_date(guessed.date, tz)
    if published_at is None:
        raise NotAnArticle("no publication date")

    canonical = http_url(meta.canonical or url or (guessed.url or ""), 500)
    tags = unique_names(meta.tags)
    body = "\n\n".join(blocks)
    fields = {
        "title": limited(title, MAX_TITLE),
        "standfirst": limited(standfirst, 1000),
        "byline": limited(meta.author() or clean_line(guessed.author or ""), MAX_BYLINE),
        "published_at": published_at,
        "body": body,
        "tags": tags,
        "source_url": canonical,
    }
    return CapturedArticle(
        # The page's own address identifies it; a page saved without one, its bytes.
        source_id=canonical or f"sha256:{digest(raw)}",
        sha256=digest({**fields, "published_at": published_at.isoformat()}),
        status="published",
        source_name=site_name or (urlsplit(canonical).hostname or ""),
        label=fields["title"],
        notes=notes,
        lead_picture=(lead_url, limited(lead_alt, 500)) if lead_url else ("", ""),
        **fields,
    )


def _furniture_removed(tree):
    """Take out of the page's tree the blocks that news themes mark as furniture.

    trafilatura drops most furniture by itself, but can leave the heading of a block of
    related links it took out ("Related"). Blocks whose class or id says what they are
    (related links, sharing, newsletter sign-up) go first, with the heading just above them.
    Scripts, styles, inline SVG and comments go too: they are never article text (the
    JSON-LD metadata has been read by then), and on some pages they are most of the bytes.
    """
    etree.strip_elements(tree, "script", "style", "svg", "noscript", etree.Comment, with_tail=False)
    doomed = []
    for element in tree.iter("div", "section", "aside", "ul", "ol", "nav"):
        names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if FURNITURE_NAMES.intersection(re.split(r"[\s_-]+", names)):
            doomed.append(element)
            previous = element.getprevious()
            if previous is not None and previous.tag in {"h2", "h3", "h4", "h5", "h6"}:
                doomed.append(previous)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            # drop_tree keeps the tail text, which belongs to what follows.
            element.drop_tree()


def _embeds_marked(tree):
    """Put a marker paragraph where each embedded frame (a video player, a chart) was.

    trafilatura drops iframes, and a paragraph holding only a link with them (link density),
    so each frame becomes a paragraph of a marker word no page can guess; _embeds_linked
    makes the markers that survive extraction links to the frames' sources. A frame inside
    a wrapper of its own (WordPress's embed figure) replaces the wrapper. Invisible frames
    (1 pixel or less: trackers) are left to be dropped.
    Returns {marker: (address, link text, what the report says)}.
    """
    embeds = {}
    nonce = secrets.token_hex(8)
    for number, frame in enumerate(list(tree.iter("iframe", "embed"))):
        if any(frame.get(side, "").strip() in {"0", "1", "0px", "1px"} for side in SIZES):
            continue
        attributes = " ".join(f'{k}="{html.escape(v)}"' for k, v in frame.attrib.items())
        kind, src, text = media_source(frame.tag, attributes)
        if not src:
            continue
        marker = f"newsarchiveembed{nonce}n{number}"
        embeds[marker] = (src, text, f"{MEDIA_NAMES[kind]} from {host_of(src)} made a link")
        target = frame
        while (
            (parent := target.getparent()) is not None
            and parent.tag in {"div", "figure", "span", "p"}
            and len(parent) == 1
            and not (parent.text or "").strip()
            and not (target.tail or "").strip()
        ):
            target = parent
        paragraph = lxml.html.Element("p")
        paragraph.text = marker
        paragraph.tail = target.tail
        if target.getparent() is not None:
            target.getparent().replace(target, paragraph)
    return embeds


def _embeds_linked(blocks, embeds):
    """The blocks with each surviving marker made a link; and the notes for the report."""
    if not embeds:
        return blocks, []
    notes, linked = [], []
    for block in blocks:
        for marker, (src, text, note) in embeds.items():
            if marker in block:
                link = f'<a href="{html.escape(src)}">{html.escape(text)}</a>'
                block = block.replace(f"<p>{marker}</p>", f"<p>{link}</p>").replace(marker, link)
                notes.append(note)
        linked.append(block)
    return linked, notes


def html_blocks(fragment, *, keep_images=False):
    """An HTML fragment as the body's blocks: one block element per paragraph, in order.

    Headings start at h2 (the page's title is the article's h1); text outside any block
    becomes its own paragraph. Whitespace inside a block is collapsed, as a browser shows
    it, so that a line break in the source does not become a <br> in the body format.
    A block holding only a picture is kept with ``keep_images``, else dropped.
    """
    if not fragment.strip():
        return []
    if fragment.lstrip().lower().startswith("<html"):
        container = lxml.html.document_fromstring(fragment).body
    else:
        container = lxml.html.fragment_fromstring(fragment, create_parent="div")
    blocks = []

    def loose(text):
        text = WHITESPACE.sub(" ", text or "").strip()
        if text:
            blocks.append(f"<p>{_escape(text)}</p>")

    loose(container.text)
    for element in container:
        if not isinstance(element.tag, str):
            loose(element.tail)
            continue
        if element.tag == "h1":
            element.tag = "h2"
        if element.tag not in BLOCK_TAGS and element.tag != "div":
            element = _wrapped(element)
        block = etree.tostring(element, method="html", encoding="unicode", with_tail=False)
        if element.tag == "pre":
            block = re.sub(r"\n\s*\n", "\n", block)
        else:
            block = WHITESPACE.sub(" ", block)
            # No space just inside the block's own tags ("<p> <i>credit</i> </p>").
            block = re.sub(r"^(<[^>]+>) ", r"\1", re.sub(r" (</\w+>)$", r"\1", block.strip()))
        if _text(block) or (keep_images and "<img" in block):
            blocks.append(block.strip())
        loose(element.tail)
    return blocks


def _pictures_kept(blocks, base, lead_url):
    """Each <img> as <img src="absolute address" alt="...">, and nothing else of it.

    trafilatura can leave a srcset's list in src ("a.jpg 1024w, b.jpg 300w"): its first
    address is the picture (SRCSET_FIRST). A picture that repeats the lead image (the same
    upload at another WordPress size) is left out, as the page shows the lead image above
    the text, and so is its caption when it only repeats its alt text. Returns the blocks
    and that copy's alt text (the lead image's, when the page's metadata gives none).
    """
    lead_key = picture_key(lead_url) if lead_url else None
    copy_alts = []

    def kept(match):
        tag = match.group(0)
        src = IMG_SRC.search(tag)
        address = html.unescape(_value(src)).strip()
        address = SRCSET_FIRST.sub("", address)
        address = http_url(urljoin(base, address), 500) if address else ""
        alt = IMG_ALT.search(tag)
        alt = limited(clean_line(html.unescape(_value(alt))), 500)
        if address and picture_key(address) == lead_key:
            copy_alts.append(alt)
            return ""
        if not address:
            return ""
        return f'<img src="{html.escape(address)}" alt="{html.escape(alt)}">'

    kept_blocks, caption = [], None
    for block in blocks:
        copies = len(copy_alts)
        block = IMG_TAG.sub(kept, block)
        text = _text(block)
        if caption and text and _same(text, caption):
            text = block = ""
        caption = copy_alts[-1] if len(copy_alts) > copies else None
        if text or "<img" in block:
            kept_blocks.append(block)
    return kept_blocks, next((alt for alt in copy_alts if alt), "")


def _value(match):
    """An attribute's value as IMG_SRC or IMG_ALT found it, whichever quotes it had."""
    return (match.group(1) or match.group(2) or "") if match else ""


def picture_key(url):
    """A picture's address without scheme, host, query or WordPress's size suffix."""
    return SIZE_SUFFIX.sub("", unquote(urlsplit(url).path)).lower()


def _wrapped(element):
    paragraph = lxml.html.Element("p")
    element.tail, tail = None, element.tail
    paragraph.append(element)
    paragraph.tail = tail
    return paragraph


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text(block):
    return WHITESPACE.sub(" ", re.sub(r"<[^>]*>", " ", block)).strip()


def _same(a, b):
    return clean_line(a).casefold() == clean_line(b).casefold()


def _head_removed(blocks, title, description):
    """Take the title (and what sits above it, a kicker) out of the body; find a standfirst.

    The page repeats its title as an h1 and often its summary next to it. A summary block
    right before or after the title becomes the standfirst; anything else before the title
    is a section label or breadcrumb and is dropped.
    """
    standfirst = ""
    head = [i for i, block in enumerate(blocks[:4]) if _same(_text(block), title)]
    if head:
        before, blocks = blocks[: head[0]], blocks[head[0] + 1 :]
        for block in before:
            if description and _same(_text(block), description):
                standfirst = description
    if description and not standfirst and blocks and _same(_text(blocks[0]), description):
        standfirst, blocks = description, blocks[1:]
    return blocks, standfirst


def _without_site_name(title, site_name, url):
    names = {n.casefold() for n in [site_name, urlsplit(url).hostname or ""] if n}
    for separator in TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head and tail.strip().casefold() in names:
            return head.strip()
    return title


def _guessed_date(value, tz):
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return datetime.datetime.combine(day, datetime.time(), tzinfo=tz)
