"""Every byline string already stored (typed in the admin, or a WordPress dc:creator
brought in by the importer) becomes an author record: the same name, however cased or
spaced, is one author. The article's byline text is left as it was, so going back loses
nothing.

The code is this migration's own copy, as it ran: later changes to authors.credits do
not change what it did.
"""

import re

from django.db import migrations
from django.utils.text import slugify

BY = re.compile(r"^\s*by\s+", re.IGNORECASE)


def clean_name(name):
    return " ".join(BY.sub("", name or "").split())[:200]


def authors_from_bylines(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Author = apps.get_model("authors", "Author")
    Byline = apps.get_model("authors", "Byline")
    authors = {author.name.casefold(): author for author in Author.objects.all()}
    slugs = set(Author.objects.values_list("slug", flat=True))
    credited = set(Byline.objects.values_list("article_id", flat=True))
    bylines = []
    rows = (
        Article.objects.exclude(byline="")
        .order_by("pk")
        .values_list("pk", "byline")
        .iterator(chunk_size=2000)
    )
    for pk, byline in rows:
        name = clean_name(byline)
        if not name or pk in credited:
            continue
        author = authors.get(name.casefold())
        if author is None:
            base = slugify(name)[:180] or "author"
            slug, n = base, 2
            while slug in slugs:
                slug, n = f"{base}-{n}", n + 1
            slugs.add(slug)
            author = authors[name.casefold()] = Author.objects.create(name=name, slug=slug)
        bylines.append(Byline(article_id=pk, author=author, position=0))
        if len(bylines) >= 1000:
            Byline.objects.bulk_create(bylines)
            bylines = []
    Byline.objects.bulk_create(bylines)


def forget_authors(apps, schema_editor):
    # The byline strings were never changed: removing the records is all there is to undo.
    apps.get_model("authors", "Byline").objects.all().delete()
    apps.get_model("authors", "Author").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("authors", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(authors_from_bylines, forget_authors),
    ]
