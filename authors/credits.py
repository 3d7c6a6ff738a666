"""Finding the author records for the names a byline credits.

Used by the importers: the same name (whatever its case or spacing) is one author, made the
first time it is seen. Migration 0002 carries its own copy of this for the bylines already
stored, as a migration must.
"""

import re

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.text import slugify

from .models import Author, Byline

_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)


def clean_name(name):
    """A credited name as it is shown: spaces collapsed, without a leading "By "."""
    return " ".join(_BY.sub("", name or "").split())[:200]


def unique_slug(name):
    base = slugify(name)[:180] or "author"
    taken = set(Author.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class AuthorCache:
    """Authors by case-folded name, made when first needed: a batch finds them in one query."""

    def __init__(self):
        self._by_name = {}

    def resolve(self, names):
        names = [name for name in map(clean_name, names) if name]
        wanted = {name.casefold() for name in names} - set(self._by_name)
        if wanted:
            found = Author.objects.annotate(lower=Lower("name")).filter(
                lower__in={name.lower() for name in names}
            )
            for author in found:
                self._by_name[author.name.casefold()] = author
        authors = []
        for name in names:
            author = self._by_name.get(name.casefold())
            if author is None:
                author = Author.objects.create(name=name, slug=unique_slug(name))
                self._by_name[name.casefold()] = author
            if author not in authors:
                authors.append(author)
        return authors


def bylines_for(article, authors):
    return [Byline(article=article, author=a, position=n) for n, a in enumerate(authors)]


@transaction.atomic
def credit(article, names, cache=None):
    """Make these names, in this order, the article's authors (in place of any before)."""
    authors = (cache or AuthorCache()).resolve(names)
    Byline.objects.filter(article=article).delete()
    Byline.objects.bulk_create(bylines_for(article, authors))
    return authors
