"""Each article's tag ids beside its search index, so a search counts and shows its matches'
tags from the rows it reads anyway, instead of looking each match up among the tagged rows."""

from django.db import migrations, models

# One statement per database, for the articles already stored; search.index_articles()
# writes the column from now on.
FILL = {
    "postgresql": """
        UPDATE articles_article AS article SET search_tags = coalesce(
            (SELECT string_agg(tag_id::text, ' ' ORDER BY tag_id) FROM articles_taggedarticle
             WHERE content_object_id = article.id), '')
    """,
    "sqlite": """
        UPDATE articles_article SET search_tags = coalesce(
            (SELECT group_concat(tag_id, ' ') FROM (
                SELECT tag_id FROM articles_taggedarticle
                WHERE content_object_id = articles_article.id ORDER BY tag_id)), '')
    """,
}


def fill_search_tags(apps, schema_editor):
    sql = FILL.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_article_search_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_tags",
            field=models.TextField(editable=False, null=True),
        ),
        migrations.RunPython(fill_search_tags, migrations.RunPython.noop),
    ]
