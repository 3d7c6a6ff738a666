"""The admin's rich-text editor for article bodies: django-prose-editor (Tiptap, ProseMirror).

The editor offers what a business-news article uses, and nothing the public pages would
strip: paragraphs, headings (h2 to h4), bold, italic, links, lists, block quotes and tables.
What it sends is only a proposal: ``Article.save()`` sanitises the body with the public
pages' own allowlist (``articles.html``), so a POST that skips the editor can store nothing
more. Without JavaScript the widget is the plain textarea it enhances.

The editor's modules find each other through an import map, an inline ``<script>``: the
admin's Content-Security-Policy allows it by a per-request nonce (see
``templates/admin/articles/article/change_form.html``), not by ``unsafe-inline``.
"""

import json

from django.templatetags.static import static
from django.utils.html import format_html
from django_prose_editor.widgets import AdminProseEditorWidget, importmap
from js_asset import Media

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
}


class BodyEditorWidget(AdminProseEditorWidget):
    """The admin prose editor, its import map left to the template (which adds the nonce)."""

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, config={"extensions": EXTENSIONS}, preset="configurable")

    @property
    def media(self):
        media = super().media
        return Media(css=media._css, js=media._js)


def importmap_tag(nonce):
    """The editor's import map as an inline script carrying this request's CSP nonce."""
    imports = {name: static(path) for name, path in importmap._data["imports"].items()}
    data = json.dumps({"imports": imports}).replace("<", "\\u003c")
    return format_html('<script type="importmap" nonce="{}">{}</script>', nonce, data)
