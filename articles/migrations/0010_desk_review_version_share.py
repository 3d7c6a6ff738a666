"""The editorial desk: a "Ready for review" status, the publish permission, a version
number for optimistic locking and the share-link generation of previews.

SQLite rebuilds the table to add a column with a default or change a constraint, and
would rebuild it with every index of the model's state, the PostgreSQL-only GIN index
too: the index leaves the state for these steps and comes back after, touching no
database.
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


def review_back_to_draft(apps, schema_editor):
    """Going back to a schema without "Ready for review": those articles become drafts."""
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(status="review").update(status="draft")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_import_identity_and_tables"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="article", name="article_search_vector_idx")
            ]
        ),
        migrations.AlterModelOptions(
            name="article",
            options={
                "get_latest_by": "published_at",
                "ordering": ["-published_at", "-id"],
                "permissions": [("publish_article", "Can publish articles")],
                "verbose_name": "article",
                "verbose_name_plural": "articles",
            },
        ),
        migrations.RemoveConstraint(model_name="article", name="article_status_valid"),
        migrations.AddField(
            model_name="article",
            name="share_generation",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AlterField(
            model_name="article",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("review", "Ready for review"),
                    ("published", "Published"),
                ],
                default="draft",
                max_length=10,
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, review_back_to_draft),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["draft", "review", "published"])),
                name="article_status_valid",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="article", index=search_index())]
        ),
    ]
