"""The search index on PostgreSQL pairs the vector with the UTC publication time.

btree_gin lets one GIN index hold both, so a search among the newest articles is answered
by the index alone (a search's windows of newest articles). btree_gin ships with PostgreSQL and is a
trusted extension: the database's owner may create it. SQLite keeps its FTS5 table.
"""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations, models


class UtcTime(models.Func):
    """`published_at` as UTC wall time, as the index held it until 0008 (which uses the day)."""

    template = "timezone('UTC', %(expressions)s)"
    output_field = models.DateTimeField()


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
        ("articles", "0005_search_index"),
    ]

    operations = [
        BtreeGinExtension(),
        RemoveIndexOnPostgreSQL(model_name="article", name="article_search_vector_idx"),
        AddIndexOnPostgreSQL(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                models.F("search_vector"),
                UtcTime("published_at"),
                name="article_search_vector_idx",
            ),
        ),
    ]
