"""Fill a PostgreSQL database fast with what `manage.py export_dataset` reads.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsarchive_export_bench \\
        .venv/bin/python bench/seed_export.py --articles 1000000

bench/seed.py goes through the models and the search index: about 250 articles a second,
over an hour for a million. The export reads none of the search columns, so this fills
only the columns it does read, plus every NOT NULL one, with `INSERT ... SELECT` over
`generate_series`, letting PostgreSQL build the rows itself: the same 200 bodies of about
900 words that bench/seed.py draws (sanitised and rendered once here), a title, slug,
standfirst, byline and source per row, dates over fifteen years (about 1% drafts and 0.5%
scheduled, which the export must leave out), five tags each from a vocabulary of 2,000 and
one or two credited authors. The search vectors stay empty, so the search pages, unlike
the export, are not served by such a database. Running it again adds more articles.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import seed as base  # noqa: E402

AUTHORS = 300
BATCH = 100_000

# One row of article `g` (the series' value), built by PostgreSQL. The words are picked
# from the same lists as bench/seed.py's titles by arithmetic on `g`, so the text varies
# from row to row without a round trip per row.
ARTICLE_SQL = """
INSERT INTO articles_article ({columns})
SELECT {values}
FROM generate_series(%(start)s, %(last)s) AS g
CROSS JOIN LATERAL {title} AS t
JOIN bench_body AS b ON b.n = g %% 200
"""
EXPRESSIONS = {
    "title": "t.title",
    "slug": "left(regexp_replace(lower(t.title), '[^a-z0-9]+', '-', 'g'), 250) || '-' || g",
    "standfirst": "initcap((%(companies)s)[1 + (g * 7) %% %(n_companies)s]) "
    "|| ' reports results as analysts revise forecasts for the sector, number ' || g || '.'",
    "body": "b.body",
    "body_html": "b.body_html",
    "byline": "(%(first_names)s)[1 + g %% %(n_first_names)s] || ' ' "
    "|| (%(companies)s)[1 + (g * 3) %% %(n_companies)s] || 'son'",
    # Newest first, over fifteen years; 0.5% scheduled for up to thirty days ahead.
    "published_at": "CASE WHEN g %% 211 = 29 THEN now() + ((1 + g %% 30) || ' days')::interval"
    " ELSE now() - interval '5 minutes' - (interval '15 years' * (g - %(first)s) / %(count)s)"
    " END",
    "status": "CASE WHEN g %% 97 = 13 THEN 'draft' ELSE 'published' END",
    "source_name": "(%(companies)s)[1 + (g * 5) %% %(n_companies)s] || ' Business Daily'",
    "source_url": "'https://news.example.com/' || g",
    "source_sha256": "encode(sha256(g::text::bytea), 'hex')",
    "imported_at": "now()",
    "created_at": "now()",
    "updated_at": "now()",
}
TITLE_SQL = (
    "(SELECT (%(companies)s)[1 + g %% %(n_companies)s] || ' ' "
    "|| (%(verbs)s)[1 + (g / 7) %% %(n_verbs)s] || ' ' "
    "|| (%(objects)s)[1 + (g / 3) %% %(n_objects)s] || ' as ' "
    "|| lower((%(sectors)s)[1 + (g / 11) %% %(n_sectors)s]) || ' ' "
    "|| (ARRAY['slows', 'rebounds', 'steadies', 'stalls', 'booms'])[1 + (g / 13) %% 5]"
    " AS title)"
)
# Five distinct tags an article, skewed towards the first ones as on a real site: a
# multiplicative hash of (article, k) squared into [0, 1) bends the choice to low ranks.
TAGS_SQL = """
INSERT INTO articles_taggedarticle (content_object_id, tag_id)
SELECT DISTINCT a.id, (%(tag_ids)s)[1 + floor(%(n_tags)s
    * power(((a.id * 2654435761 + k * 40503) %% 1000003) / 1000003.0, 2))::int]
FROM articles_article AS a, generate_series(0, 4) AS k
WHERE a.id BETWEEN %(first_id)s AND %(last_id)s
"""
BYLINES_SQL = """
INSERT INTO authors_byline (article_id, author_id, position)
SELECT a.id, (%(author_ids)s)[1 + (a.id * 17 + k * 101) %% %(n_authors)s], k
FROM articles_article AS a, generate_series(0, 1) AS k
WHERE a.id BETWEEN %(first_id)s AND %(last_id)s AND (k = 0 OR a.id %% 4 = 0)
"""


def article_columns(connection):
    """The INSERT's columns and values: EXPRESSIONS, and each other NOT NULL column's
    model default as a parameter (the database has no defaults of its own)."""
    from articles.models import Article

    columns, values, params = [], [], {}
    for field in Article._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.column in EXPRESSIONS:
            expression = EXPRESSIONS[field.column]
        elif field.null:
            continue
        else:
            params[field.column] = field.get_db_prep_save(field.get_default(), connection)
            expression = f"%({field.column})s"
        columns.append(connection.ops.quote_name(field.column))
        values.append(expression)
    return ", ".join(columns), ", ".join(values), params


def seed(articles, out=sys.stdout):
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils.text import slugify
    from taggit.models import Tag

    from articles.html import render_body, sanitize
    from articles.models import Article
    from authors.models import Author

    if connection.vendor != "postgresql":
        sys.exit("bench/seed_export.py fills PostgreSQL only: set DATABASE_URL.")
    started = time.monotonic()
    names = base.tag_names(2_000)
    existing = set(Tag.objects.values_list("name", flat=True))
    Tag.objects.bulk_create(
        [Tag(name=n, slug=slugify(n)) for n in names if n not in existing], batch_size=1_000
    )
    tag_ids = list(Tag.objects.filter(name__in=names).order_by("pk").values_list("pk", flat=True))
    rng = base.Rng(2026)
    author_names = sorted(
        {
            f"{rng.choice(base.FIRST_NAMES)} {rng.choice(base.COMPANIES)}son {i}"
            for i in range(AUTHORS)
        }
    )
    existing = set(Author.objects.values_list("name", flat=True))
    Author.objects.bulk_create(
        [Author(name=n, slug=slugify(n)) for n in author_names if n not in existing]
    )
    author_ids = list(Author.objects.order_by("pk").values_list("pk", flat=True))

    columns, values, params = article_columns(connection)
    words = {
        "companies": base.COMPANIES,
        "verbs": base.VERBS,
        "objects": base.OBJECTS,
        "sectors": base.SECTORS,
        "first_names": base.FIRST_NAMES,
    }
    params |= words | {f"n_{name}": len(items) for name, items in words.items()}
    sql = ARTICLE_SQL.format(columns=columns, values=values, title=TITLE_SQL)

    first = (Article.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    params |= {"count": articles, "first": first}
    with connection.cursor() as cursor:
        # A benchmark's own database: a crash may lose the last commits, never corrupt.
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("CREATE TEMPORARY TABLE bench_body (n int, body text, body_html text)")
        for n, text in enumerate(base.body_templates(rng, 200)):
            clean = sanitize(text)
            cursor.execute(
                "INSERT INTO bench_body VALUES (%s, %s, %s)", [n, clean, render_body(clean)]
            )
        for start in range(first, first + articles, BATCH):
            last = min(start + BATCH, first + articles) - 1
            with transaction.atomic():
                cursor.execute("SELECT coalesce(max(id), 0) FROM articles_article")
                before = cursor.fetchone()[0]
                cursor.execute(sql, params | {"start": start, "last": last})
                span = {"first_id": before + 1, "last_id": before + last - start + 1}
                cursor.execute(TAGS_SQL, span | {"tag_ids": tag_ids, "n_tags": len(tag_ids)})
                cursor.execute(
                    BYLINES_SQL, span | {"author_ids": author_ids, "n_authors": len(author_ids)}
                )
            done = last - first + 1
            print(
                f"  {done:>9,} articles  {time.monotonic() - started:6.1f} s", file=out, flush=True
            )
        cursor.execute("ANALYZE")
    print(
        f"Seeded {articles:,} articles in {time.monotonic() - started:.1f} s.", file=out, flush=True
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be 1 or more")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
    import django

    django.setup()
    seed(args.articles)


if __name__ == "__main__":
    main()
