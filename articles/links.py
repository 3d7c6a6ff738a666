"""Links a page shows many of, built for the cost of one.

A page of search results links each result, each of its tags and companies, and every
facet. `{% url %}` (reverse()) and `{% querystring %}` each cost tens of microseconds a
link: with fifty links, more than the rest of the page's rendering. These give the very
same strings with the work done once a page. Made afresh for each request: reverse()
depends on the request's script prefix.
"""

import re

from django.http import QueryDict
from django.urls import NoReverseMatch, reverse

# Characters that reverse() never percent-encodes and that both the <slug> and the <str>
# converters accept: a value made only of them goes into the path as it is.
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+")
_PROBE = "link-probe-7f3a"


class PathMaker:
    """reverse(viewname, args=[value]) for a URL whose one argument is a <slug> or <str>.

    reverse() runs once, for a probe value; a plain value (ASCII letters, digits, `-` and
    `_`, as every slug the site makes) takes the probe's place in its result, and any
    other value goes through reverse() itself, so the result is always reverse()'s.
    """

    def __init__(self, viewname):
        self.viewname = viewname
        head, probe, tail = reverse(viewname, args=[_PROBE]).rpartition(_PROBE)
        if not probe:
            raise NoReverseMatch(f"{viewname} does not put its argument in the path as given.")
        self._head, self._tail = head, tail

    def __call__(self, value):
        if _PLAIN.fullmatch(value):
            return self._head + value + self._tail
        return reverse(self.viewname, args=[value])


def querystrings(query, key, values):
    """`{% querystring key=value page=None %}` for each of `values`, in order.

    The template tag copies the whole query for every link; here it is encoded once, in
    the part before `key` and the part after it (where `key` was, or at the end).
    """
    before = QueryDict(mutable=True, encoding=query.encoding)
    after = QueryDict(mutable=True, encoding=query.encoding)
    side = before
    for name, given in query.lists():
        if name == key:
            side = after
        elif name != "page":
            side.setlist(name, given)
    before, after = before.urlencode(), after.urlencode()
    one = QueryDict(mutable=True, encoding=query.encoding)
    links = []
    for value in values:
        one[key] = value
        links.append("?" + "&".join(part for part in (before, one.urlencode(), after) if part))
    return links
