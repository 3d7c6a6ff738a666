"""An optional lead image for each article, from the image library (the images app).

Adding a nullable column is a plain ALTER TABLE on both databases. Taking it away again
(migrating back to 0012) makes SQLite copy the table, recreating its indexes from the model
state: the GIN index there exists on PostgreSQL only (0008 creates it there alone) and its
SQL cannot run on SQLite, so the copy is made without it.
"""

import django.db.models.deletion
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models


class AddFieldSqliteSafeBackwards(migrations.AddField):
    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            from_state = from_state.clone()
            model_state = from_state.models[app_label, self.model_name_lower]
            model_state.options["indexes"] = [
                index
                for index in model_state.options.get("indexes", [])
                if not isinstance(index, GinIndex)
            ]
            from_state.reload_model(app_label, self.model_name_lower, delay=True)
        super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_article_seo_and_credit"),
        ("images", "0001_image_library"),
    ]

    operations = [
        AddFieldSqliteSafeBackwards(
            model_name="article",
            name="lead_image",
            field=models.ForeignKey(
                blank=True,
                help_text="Shown above the article, in lists, and when the article is shared.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lead_articles",
                to="images.image",
                verbose_name="lead image",
            ),
        ),
    ]
