"""The fields a browser would send back from an admin change form, read from its HTML."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind == "checkbox" else ""
            self.fields.append([attrs["name"], attrs.get("value", default)])
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select":
            self._select = [attrs["name"], None]
            self.fields.append(self._select)
        elif (
            tag == "option"
            and self._select is not None
            and (
                # A browser sends the selected option, or the first when none is.
                self._select[1] is None or "selected" in attrs
            )
        ):
            self._select[1] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_fields(response, form_id="article_form"):
    """{name: value} of the form as a browser submits it untouched (textareas with CRLF)."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.fields:
        if "__prefix__" in name:  # the inline's hidden template row
            continue
        value = value or ""
        # A textarea's first newline belongs to the markup; browsers send CRLF line ends.
        data[name] = value.removeprefix("\n").replace("\r\n", "\n").replace("\n", "\r\n")
    return data
