"""The admin's rich-text editor for article bodies: django-prose-editor (Tiptap, ProseMirror).

The editor offers what a business-news article uses, and nothing the public pages would
strip: paragraphs, headings (h2 to h4), bold, italic, links, lists, block quotes and tables.
What it sends is only a proposal: ``Article.save()`` sanitises the body with the public
pages' own allowlist (``articles.html``), so a POST that skips the editor can store nothing
more. Without JavaScript the widget is the plain textarea it enhances.

The editor's modules find each other through an import map, an inline ``<script>``: the
admin's Content-Security-Policy allows it by a per-request nonce (see
``templates/admin/articles/article/change_form.html``), and Tiptap's own stylesheet by its
hash, not by ``unsafe-inline``.
"""

import json
from html.parser import HTMLParser

from django.contrib.admin.widgets import AdminTextareaWidget
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_prose_editor.widgets import AdminProseEditorWidget, importmap
from js_asset import Media, Script

EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # Library pictures (images/static/images/editor-pictures.js): kept through a save.
    "LibraryImage": {"inline": True},
}
# The modules defining the extensions above that the editor itself does not ship.
EXTENSION_MODULES = ["images/editor-pictures.js"]


# The elements and attributes the editor above keeps as they are. Given anything else (an
# imported <figure>, a library picture, a table's <caption> or head row, <hr>, <sub>,
# <pre>, <h5>...), Tiptap drops it or turns it into a paragraph the moment the text is
# edited: such a body is edited as HTML instead (``editor_keeps``).
EDITOR_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "b",
    "strong",
    "i",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}
EDITOR_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "img": {"src", "alt", "data-image"},
}


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.kept = True

    def handle_starttag(self, tag, attrs):
        if tag == "div":
            # A table's scrolling box, added by render_body (the sanitiser allows no <div>):
            # the editor leaves it out, and the page puts it back.
            return
        if tag == "img" and "data-image" not in dict(attrs):
            # Only library pictures (a reference, LibraryImage in editor-pictures.js) are
            # kept by the editor; any other picture would be dropped.
            self.kept = False
            return
        allowed = EDITOR_ATTRIBUTES.get(tag, set())
        if tag not in EDITOR_TAGS or any(name not in allowed for name, _value in attrs):
            self.kept = False

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def editor_keeps(html):
    """Whether the rich-text editor keeps every element and attribute of this (rendered,
    sanitised) body; if not, the body is edited as HTML, so that editing loses nothing."""
    parser = _Markup()
    parser.feed(html or "")
    parser.close()
    return parser.kept


class BodyHtmlWidget(AdminTextareaWidget):
    """The body as HTML in a plain text box, for a body the editor cannot keep whole."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 20, "class": "vLargeTextField body-html", **(attrs or {})})


# Tiptap adds one <style> element of its own (its base CSS) when an editor starts. The
# change form's policy allows exactly that stylesheet by its hash, and nothing else inline.
# A new release of the editor with other CSS shows up as a CSP error in the browser tests.
EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


class BodyEditorWidget(AdminProseEditorWidget):
    """The admin prose editor, its import map left to the template (which adds the nonce)."""

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, config={"extensions": EXTENSIONS}, preset="configurable")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Where editor-pictures.js picks a library picture, and asks for its reference.
        context["widget"]["attrs"]["data-picture-library"] = (
            reverse("admin:images_image_changelist") + "?_to_field=id"
        )
        context["widget"]["attrs"]["data-picture-reference"] = reverse(
            "admin:images_image_reference", args=[0]
        )
        return context

    def get_config(self):
        config = super().get_config()
        modules = [static(path) for path in EXTENSION_MODULES]
        return config | {"js_modules": [*config["js_modules"], *modules]}

    @property
    def media(self):
        media = super().media
        css = {"all": [*media._css.get("all", []), "css/desk.css"]}
        return Media(css=css, js=[*media._js, Script("js/desk-editor.js", type="module")])


def importmap_tag(nonce):
    """The editor's import map as an inline script carrying this request's CSP nonce."""
    imports = {name: static(path) for name, path in importmap._data["imports"].items()}
    # JSON inside <script> is not HTML-escaped; with "<", "&" and ">" written as JSON
    # escapes it cannot close the element either.
    data = json.dumps({"imports": imports})
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        data = data.replace(char, escaped)
    return format_html(
        '<script type="importmap" nonce="{}">{}</script>',
        nonce,
        mark_safe(data),  # nosec B308 B703: JSON of static paths, "<" ">" "&" escaped
    )
