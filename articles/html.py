"""Article body format: WordPress-style paragraphs with a small allowlist of HTML.

Bodies are stored the way WordPress stores post content: paragraphs separated by blank
lines, with a little inline and block HTML. Everything outside the allowlist is stripped
by nh3 (a maintained, Rust-based sanitiser) when an article is saved, and the rendered
HTML is sanitised once more, so no script, event handler or ``javascript:`` URL can reach
a page whatever path the text took into the database (admin, importer, shell).
"""

import html as html_entities
import re

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "cite",
    "code",
    "del",
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
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "strong",
    "sub",
    "sup",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Blocks that must not be wrapped in <p> when paragraphs are rendered.
BLOCK_START = re.compile(r"^\s*<(?:p|h[2-6]|ul|ol|li|blockquote|figure|pre|hr)\b", re.IGNORECASE)
PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")


# nh3 writes tags in lower case and every attribute value in double quotes, with any
# double quote inside a value escaped, so a tag and its attribute names can be read safely.
IMG_TAG = re.compile(r'<img((?:\s+[\w-]+="[^"]*")*)(\s*/?>)')
ATTRIBUTE_NAME = re.compile(r'\s([\w-]+)="')


def _with_alt(match):
    attributes, end = match.groups()
    if "alt" in ATTRIBUTE_NAME.findall(attributes):
        return match.group(0)
    return f'<img alt=""{attributes}{end}'


def sanitize(html):
    """Strip every tag, attribute and URL scheme outside the allowlist.

    An image with no alt text gets an empty one: screen readers then skip it rather than
    read its file name, and the page stays valid HTML.
    """
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
    paragraph a single newline becomes <br>, as WordPress's wpautop does.
    """
    blocks = [block.strip() for block in PARAGRAPH_BREAK.split(normalise_newlines(body))]
    html = []
    for block in blocks:
        if not block:
            continue
        if BLOCK_START.match(block):
            html.append(block)
        else:
            html.append("<p>" + block.replace("\n", "<br>\n") + "</p>")
    return sanitize("\n".join(html))


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
