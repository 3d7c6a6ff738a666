"""Slugs made from titles, with the amounts in them kept readable.

Django's slugify() drops the point of "£1.2bn", leaving "12bn": a figure ten times off in
the article's address. A point or comma between digits becomes a hyphen first ("1-2bn"),
except a comma that groups thousands ("3,500" is "3500").
"""

import re

from django.utils.text import slugify

SLUG_MAX = 280
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DECIMAL = re.compile(r"(?<=\d)[.,·](?=\d)")


def title_slug(title, max_length=SLUG_MAX):
    """The slug for a title ("article" when nothing is left of it)."""
    text = _DECIMAL.sub("-", _THOUSANDS.sub("", title or ""))
    return slugify(text)[:max_length].strip("-") or "article"
