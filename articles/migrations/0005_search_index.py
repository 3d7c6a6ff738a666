"""The search index: a weighted tsvector with a GIN index on PostgreSQL, an FTS5 table on SQLite.

Each database gets only its own structure; the model state is the same everywhere. Existing
articles are indexed as the index was kept then: the code below is this migration's own
copy, so that a later change to articles.search cannot change what it did.
"""

import html
import re

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

import articles.search.expressions

FTS_TABLE = "articles_article_fts"
# bm25 column weights of the FTS5 table's rank column: title above tags above standfirst
# above body.
FTS_WEIGHTS = (10.0, 5.0, 2.0, 1.0)
BATCH = 1000

# The weighted vector of each article of a batch: title (A), tag names (B), standfirst (C),
# body (D), in PostgreSQL's english configuration.
INDEX_POSTGRESQL = """
UPDATE articles_article AS article SET search_vector =
    setweight(to_tsvector('english'::regconfig, coalesce(article.title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce((
        SELECT string_agg(tag.name, ' ') FROM articles_taggedarticle AS tagged
        JOIN taggit_tag AS tag ON tag.id = tagged.tag_id
        WHERE tagged.content_object_id = article.id), '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(article.standfirst, '')), 'C')
    || setweight(to_tsvector('english'::regconfig, coalesce(article.body, '')), 'D')
WHERE article.id = ANY(%s)
"""
TAG = re.compile(r"<[^>]*>")


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """A GIN index means nothing to SQLite: there the state changes, the database does not."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create_fts5_table(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
        "title, tags, standfirst, body, tokenize='porter unicode61 remove_diacritics 2')"
    )
    # FTS5's rank column: bm25 with title above tags above standfirst above body.
    # Constants only: the table name and our own numeric weights.
    schema_editor.execute(
        f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('rank', 'bm25({weights})')"  # nosec B608
    )


def drop_fts5_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def index_existing_articles(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM articles_article ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            if connection.vendor == "postgresql":
                cursor.execute(INDEX_POSTGRESQL, [batch])
            elif connection.vendor == "sqlite":
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, title, tags, standfirst, body) "  # nosec B608
                    "VALUES (%s, %s, %s, %s, %s)",
                    _fts5_rows(cursor, batch),
                )


def _fts5_rows(cursor, batch):
    placeholders = ", ".join(["%s"] * len(batch))
    # Only %s placeholders are formatted in.
    cursor.execute(
        "SELECT tagged.content_object_id, tag.name FROM articles_taggedarticle AS tagged "  # nosec B608
        "JOIN taggit_tag AS tag ON tag.id = tagged.tag_id "
        f"WHERE tagged.content_object_id IN ({placeholders}) ORDER BY tagged.tag_id",
        batch,
    )
    names = {}
    for article_id, name in cursor.fetchall():
        names.setdefault(article_id, []).append(name)
    cursor.execute(
        "SELECT id, title, standfirst, body FROM articles_article "  # nosec B608
        f"WHERE id IN ({placeholders})",
        batch,
    )
    return [
        (pk, title, " ".join(names.get(pk, ())), standfirst, html.unescape(TAG.sub(" ", body)))
        for pk, title, standfirst, body in cursor.fetchall()
    ]


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_slug_history_tag_redirects'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        AddIndexOnPostgreSQL(
            model_name='article',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='article_search_vector_idx'),
        ),
        migrations.CreateModel(
            name='ArticleSearchEntry',
            fields=[
                ('article', models.OneToOneField(db_column='rowid', db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='search_entry', serialize=False, to='articles.article')),
                ('fts', articles.search.expressions.Fts5TableField(db_column='articles_article_fts')),
                ('rank', models.FloatField()),
                ('title', models.TextField()),
                ('tags', models.TextField()),
                ('standfirst', models.TextField()),
                ('body', models.TextField()),
            ],
            options={
                'verbose_name': 'search index entry',
                'verbose_name_plural': 'search index entries',
                'db_table': 'articles_article_fts',
                'managed': False,
            },
        ),
        migrations.RunPython(create_fts5_table, drop_fts5_table),
        migrations.RunPython(index_existing_articles, migrations.RunPython.noop),
    ]
