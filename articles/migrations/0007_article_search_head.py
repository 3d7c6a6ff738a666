"""A small second vector for ranking: title, tags and standfirst (PostgreSQL fills it)."""

import django.contrib.postgres.search
from django.db import migrations

import articles.search


def index_existing_articles(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        articles.search.index_articles()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_search_index_with_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_head",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(index_existing_articles, migrations.RunPython.noop),
    ]
