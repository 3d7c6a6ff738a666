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
        self._completed = set()

    def resolve(self, names, profiles=None):
        """The authors of these names, in order. ``profiles`` gives, by name, what the source
        says of an author ({"slug", "bio", "url"}): an author made here takes them all, one
        found by name only the bio and link it lacks (an editor's text is never replaced)."""
        profiles = profiles or {}
        wanted = {name: profiles.get(name, {}) for name in names}
        names = [name for name in map(clean_name, names) if name]
        missing = {name.casefold() for name in names} - set(self._by_name)
        if missing:
            found = Author.objects.annotate(lower=Lower("name")).filter(
                lower__in={name.lower() for name in names}
            )
            for author in found:
                self._by_name[author.name.casefold()] = author
        profiles = {clean_name(name): profile for name, profile in wanted.items()}
        authors = []
        for name in names:
            profile = profiles.get(name, {})
            author = self._by_name.get(name.casefold())
            if author is None:
                author = Author.objects.create(
                    name=name,
                    slug=_free_slug(profile.get("slug")) or unique_slug(name),
                    bio=profile.get("bio", ""),
                    url=profile.get("url", ""),
                )
                self._by_name[name.casefold()] = author
                self._completed.add(author.pk)
            elif profile and author.pk not in self._completed:
                _fill_blanks(author, profile)
                self._completed.add(author.pk)
            if author not in authors:
                authors.append(author)
        return authors


def _free_slug(slug):
    """The slug when no author has it yet, else None."""
    if slug and not Author.objects.filter(slug=slug).exists():
        return slug
    return None


def _fill_blanks(author, profile):
    blanks = {
        field: profile[field]
        for field in ("bio", "url")
        if not getattr(author, field) and profile.get(field)
    }
    if blanks:
        Author.objects.filter(pk=author.pk).update(**blanks)
        for field, value in blanks.items():
            setattr(author, field, value)


def bylines_for(article, authors):
    return [Byline(article=article, author=a, position=n) for n, a in enumerate(authors)]


@transaction.atomic
def credit(article, names, cache=None, profiles=None):
    """Make these names, in this order, the article's authors (in place of any before)."""
    authors = (cache or AuthorCache()).resolve(names, profiles)
    Byline.objects.filter(article=article).delete()
    Byline.objects.bulk_create(bylines_for(article, authors))
    return authors
