"""An SEO title and description per article, and the byline string relabelled as the
credit the source gave (the authors app holds the author records).

SQLite rebuilds the table to add a column with a default, and would rebuild it with every
index of the model's state, the PostgreSQL-only GIN index too: the index leaves the state
for these steps and comes back after, touching no database.
"""

import django.contrib.postgres.indexes
from django.db import migrations, models

import articles.search.expressions


def search_index():
    return django.contrib.postgres.indexes.GinIndex(
        models.F("search_vector"),
        articles.search.expressions.UtcDay("published_at"),
        models.F("search_keys"),
        name="article_search_vector_idx",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_capture_source_formats"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="article", name="article_search_vector_idx")
            ]
        ),
        migrations.AddField(
            model_name="article",
            name="seo_description",
            field=models.CharField(
                blank=True,
                help_text="For search results and social shares; the standfirst is used when empty.",
                max_length=300,
                verbose_name="description for search engines",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="seo_title",
            field=models.CharField(
                blank=True,
                help_text="For search results and social shares, if it should differ from the title.",
                max_length=200,
                verbose_name="title for search engines",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="byline",
            field=models.CharField(
                blank=True,
                help_text="The byline as the source gave it; readers see the authors credited, if any.",
                max_length=200,
                verbose_name="credited as",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="article", index=search_index())]
        ),
    ]
