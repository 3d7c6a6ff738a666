"""The search index pairs the vector with the UTC publication day instead of the time.

A search among the newest articles reads a range of the index's date entries: one entry per
day rather than one per article, so a window of 30,000 articles reads a few thousand entries
at most instead of 30,000. PostgreSQL only; SQLite keeps its FTS5 table.
"""

import django.contrib.postgres.indexes
from django.db import migrations, models

import articles.search


class OnPostgreSQLOnly:
    """A GIN index means nothing to SQLite: there the state changes, the database does not."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class RemoveIndexOnPostgreSQL(OnPostgreSQLOnly, migrations.RemoveIndex):
    pass


class AddIndexOnPostgreSQL(OnPostgreSQLOnly, migrations.AddIndex):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_article_search_tags"),
    ]

    operations = [
        RemoveIndexOnPostgreSQL(model_name="article", name="article_search_vector_idx"),
        AddIndexOnPostgreSQL(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                models.F("search_vector"),
                articles.search.UtcDay("published_at"),
                models.F("search_keys"),
                name="article_search_vector_idx",
            ),
        ),
    ]
