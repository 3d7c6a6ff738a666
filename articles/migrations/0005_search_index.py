"""The search index: a weighted tsvector with a GIN index on PostgreSQL, an FTS5 table on SQLite.

Each database gets only its own structure; the model state is the same everywhere. Existing
articles are indexed by the same function that keeps the index current afterwards.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

import articles.search

FTS_TABLE = "articles_article_fts"


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
    weights = ", ".join(str(w) for w in articles.search.FTS_WEIGHTS)
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
    articles.search.index_articles()


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
                ('fts', articles.search.Fts5TableField(db_column='articles_article_fts')),
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
