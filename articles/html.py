"""Article body format: WordPress-style paragraphs with a small allowlist of HTML.

Bodies are stored the way WordPress stores post content: paragraphs separated by blank
lines, with a little inline and block HTML: the semantic elements of news text (tables of
figures, definition lists, figures with captions, abbreviations...), never presentation
(classes, styles) or active content. Audio, video and embedded frames become a link to
their source.
Everything outside the allowlist is stripped by nh3 (a maintained, Rust-based sanitiser)
when an article is saved, and the rendered HTML is sanitised once more, so no script,
event handler or ``javascript:`` URL can reach a page whatever path the text took into
the database (admin, importer, shell).
"""

import html as html_entities
import math
import re
from urllib.parse import urlsplit

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    # data-image: a reference to the image library (images.templatetags.pictures).
    "img": {"src", "alt", "title", "width", "height", "data-image"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Blocks that must not be wrapped in <p> when paragraphs are rendered.
BLOCK_START = re.compile(
    r"^\s*<(?:p|h[2-6]|ul|ol|li|blockquote|figure|pre|hr|table|dl|details)\b", re.IGNORECASE
)
PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
# Structures that are one block however many blank lines they hold (WordPress writes tables
# with a line per row, often with blank lines between): never paragraphs or <br> inside.
STRUCTURE = "table|dl|details|figure"
STRUCTURE_OPEN = re.compile(rf"<(?:{STRUCTURE})\b", re.IGNORECASE)
STRUCTURE_CLOSE = re.compile(rf"</(?:{STRUCTURE})\s*>", re.IGNORECASE)
# The elements a structure may sit inside (a table in a list item stays in it).
CONTAINER_TAG = re.compile(rf"<(/?)(?:({STRUCTURE})|ul|ol|blockquote|pre)\b[^>]*>", re.IGNORECASE)

# nh3 writes these exactly so (no attribute is allowed on a table).
TABLE_TAG = re.compile(r"</?table>")
# A wide table scrolls sideways in its own box on a phone, not the whole page; the box can
# take the focus, so that it can be scrolled from the keyboard.
TABLE_BOX = '<div class="table-scroll" role="region" aria-label="Table" tabindex="0">'

# <audio> and <video> (with a src, or <source> elements inside) become a link to the file;
# <iframe> and <embed> (a video player, a chart, a map from another site) a link to the page
# they framed. The archive runs no one else's page inside its own.
MEDIA = re.compile(
    r"<(audio|video|iframe)\b([^>]*)>(?:(.*?)</\1\s*>)?|<(embed)\b([^>]*)>",
    re.IGNORECASE | re.DOTALL,
)
MEDIA_OPEN = re.compile(r"<(?:audio|video|iframe|embed)\b", re.IGNORECASE)
SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
TITLE = re.compile(r"""\btitle\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
# A link's text is cut to this many characters (an embed's title is someone else's text).
EMBED_TITLE_MAX = 120


# nh3 writes tags in lower case and every attribute value in double quotes, with any
# double quote inside a value escaped, so a tag and its attribute names can be read safely.
IMG_TAG = re.compile(r'<img((?:\s+[\w-]+="[^"]*")*)(\s*/?>)')
ATTRIBUTE_NAME = re.compile(r'\s([\w-]+)="')


def _with_alt(match):
    attributes, end = match.groups()
    if "alt" in ATTRIBUTE_NAME.findall(attributes):
        return match.group(0)
    return f'<img alt=""{attributes}{end}'


def _attribute(pattern, text):
    found = pattern.search(text)
    if not found:
        return ""
    return html_entities.unescape(next(g for g in found.groups() if g is not None)).strip()


def host_of(url):
    """The host of an http(s) address, or "" for any other address."""
    if not url.lower().startswith(("http://", "https://")):
        return ""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # a malformed address ("http://[::1")
        return ""


def _media_source(match):
    if match.group(4):  # <embed>, which has no content and no end tag
        return media_source("embed", match.group(5))
    return media_source(match.group(1).lower(), match.group(2), match.group(3) or "")


def media_source(kind, attributes, inner=""):
    """(kind, its http(s) address or "", the text of a link to it) for one media element
    (its tag name, the attributes as written in its start tag, and its content)."""
    src = _attribute(SRC, attributes) or _attribute(SRC, inner)
    if src.startswith("//"):
        src = "https:" + src  # embed codes often leave the scheme out
    host = host_of(src)
    if not host or any(c in src for c in "\n\t <>"):
        return kind, "", ""
    if kind in ("iframe", "embed"):
        title = " ".join(_attribute(TITLE, attributes).split())[:EMBED_TITLE_MAX]
        text = f"Embedded: {title} ({host})" if title else f"Embedded content from {host}"
    else:
        name = src.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or src
        text = f"{'Audio' if kind == 'audio' else 'Video'}: {name}"
    return kind, src, text


def _media_link(match):
    _kind, src, text = _media_source(match)
    return f'<a href="{escape(src)}">{escape(text)}</a>' if src else ""


MEDIA_NAMES = {"audio": "audio", "video": "video", "iframe": "embedded frame", "embed": "embed"}


def replaced_media(html):
    """What sanitize() turns into links (or removes) in this HTML, for an import's report:
    "embedded frame from www.example.com made a link", "video with no web address removed"."""
    if not MEDIA_OPEN.search(html):
        return []
    found = []
    for match in MEDIA.finditer(html):
        kind, src, _text = _media_source(match)
        name = MEDIA_NAMES[kind]
        if src:
            found.append(f"{name} from {host_of(src)} made a link")
        else:
            found.append(f"{name} with no web address removed")
    return found


def sanitize(html):
    """Strip every tag, attribute and URL scheme outside the allowlist.

    Audio, video and embedded frames, which the archive does not play or run, become a link
    to their source rather than nothing. An image with no alt text gets an empty one: screen
    readers then skip it rather than read its file name, and the page stays valid HTML.
    """
    if MEDIA_OPEN.search(html):
        html = MEDIA.sub(_media_link, html)
    return IMG_TAG.sub(_with_alt, _clean(html))


def _clean(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def normalise_newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def render_body(body):
    """Turn a stored body into HTML: blank-line-separated paragraphs become <p>.

    A block that already starts with block-level markup is left as it is; inside a plain
    paragraph a single newline becomes <br>, as WordPress's wpautop does. A table (or a
    definition list, or details) is its own block even with text on the lines around it,
    and stays one block across the blank lines inside it.
    """
    text = normalise_newlines(body)
    if STRUCTURE_OPEN.search(text):
        text = _set_apart(text)
    html = []
    depth = 0  # structures open at the end of the blocks joined so far
    for block in PARAGRAPH_BREAK.split(text):
        block = block.strip()
        if not block:
            continue
        if depth > 0:
            html[-1] += "\n\n" + block
        elif BLOCK_START.match(block):
            html.append(block)
        else:
            html.append("<p>" + block.replace("\n", "<br>\n") + "</p>")
        depth = max(
            depth + len(STRUCTURE_OPEN.findall(block)) - len(STRUCTURE_CLOSE.findall(block)), 0
        )
    return _boxed_tables(sanitize("\n".join(html)))


def _set_apart(text):
    """Blank lines around each structure that is not inside another block element."""
    parts, depth, last = [], 0, 0
    for match in CONTAINER_TAG.finditer(text):
        closing, structure = match.group(1), match.group(2)
        if not closing:
            if structure and depth == 0:
                parts += [text[last : match.start()], "\n\n"]
                last = match.start()
            depth += 1
        elif depth > 0:
            depth -= 1
            if structure and depth == 0:
                parts += [text[last : match.end()], "\n\n"]
                last = match.end()
    parts.append(text[last:])
    return "".join(parts)


def _boxed_tables(html):
    """Each outermost table inside its scrolling box (added after sanitising: ours alone)."""
    if "<table>" not in html:
        return html
    parts, depth, last = [], 0, 0
    for match in TABLE_TAG.finditer(html):
        opening = match.group(0) == "<table>"
        if opening and depth == 0:
            parts += [html[last : match.start()], TABLE_BOX]
            last = match.start()
        depth += 1 if opening else -1
        if not opening and depth == 0:
            parts += [html[last : match.end()], "</div>"]
            last = match.end()
        depth = max(depth, 0)
    parts.append(html[last:])
    if depth:  # nh3 closes every table it opens; this is only a guard
        return html
    return "".join(parts)


# Highlight markers: control characters never stored in an article, so they cannot be forged;
# highlight() escapes everything else and only then turns them into <mark> elements.
MARK_START, MARK_END = "\x02", "\x03"
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


def plain_text(body):
    """The words of a (sanitised) article body without its markup."""
    return html_entities.unescape(_TAG.sub(" ", body or ""))


def highlight(raw):
    """Escape a snippet from the search and mark the matched words."""
    raw = _SPACES.sub(" ", html_entities.unescape(raw or "")).strip()
    if raw.count(MARK_START) != raw.count(MARK_END):
        raw = raw.replace(MARK_START, "").replace(MARK_END, "")
    text = escape(raw).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(text)  # nosec B308 B703: escaped above; only our <mark> tags are added


# Words read per minute, for the reading time shown to editors and readers.
WORDS_PER_MINUTE = 230


def word_count(body_html):
    return len(plain_text(body_html).split())


def reading_minutes(body_html):
    """Minutes an article takes to read, at least one."""
    return max(1, math.ceil(word_count(body_html) / WORDS_PER_MINUTE))
