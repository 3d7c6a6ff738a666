"""The authors of a WordPress export, and the names its posts credit.

WordPress writes each user as a ``<wp:author>`` (login and display name) and each post's
author as a ``<dc:creator>`` holding the login. An export of this archive adds what WXR
has no field for, in its own namespace (exporters/wxr.py): the author page's address, the
short bio and the link, which make the same author again when the file is imported
into another archive. A WordPress user's login is no page address of ours: without those
elements the name gives the address, as for any other import.
"""

from django.utils.text import slugify

from ..exporters.wxr import NEWSARCHIVE_NS
from .base import CONTROL, clean_line, http_url, limited

PREFIX = f"{{{NEWSARCHIVE_NS}}}"
# The Author model's limits (authors/models.py).
NAME_MAX, SLUG_MAX, BIO_MAX, URL_MAX = 200, 200, 1000, 500


class WxrAuthors:
    def __init__(self):
        self.names = {}  # login -> display name
        self.profiles = {}  # login -> {"slug", "bio", "url"}, from an export of ours

    def add(self, element, name_of):
        """One <wp:author>; ``name_of`` gives a child's prefixed name ('wp:author_login')."""
        fields = {name_of(child.tag): child.text or "" for child in element}
        ours = {
            child.tag[len(PREFIX) :]: child.text or ""
            for child in element
            if child.tag.startswith(PREFIX)
        }
        login = fields.get("wp:author_login", "").strip()
        display = clean_line(fields.get("wp:author_display_name", ""))
        if not (login and display):
            return
        self.names[login] = display
        if "author_slug" in ours:
            self.profiles[login] = {
                "slug": slugify(ours["author_slug"])[:SLUG_MAX],
                # Line breaks are the bio's own: kept, with the other control characters out.
                "bio": limited(CONTROL.sub("", ours.get("author_bio", "")).strip(), BIO_MAX),
                "url": http_url(ours.get("author_url", ""), URL_MAX),
            }

    def credited(self, creators):
        """The names a post's creators credit, in order, and the profiles known for them."""
        names, profiles = [], {}
        for creator in creators:
            name = limited(self.names.get(creator) or clean_line(creator), NAME_MAX)
            if name and name not in names:
                names.append(name)
                if creator in self.profiles:
                    profiles[name] = self.profiles[creator]
        return names, profiles
