"""A small second vector for ranking: title, tags and standfirst (PostgreSQL fills it).

Existing articles are indexed by this migration's own copy of the code, so that a later
change to articles.search cannot change what it did.
"""

import django.contrib.postgres.search
from django.db import migrations

BATCH = 1000

# Title (A), tag names (B) and standfirst (C) make the head; with the body (D), the vector.
INDEX_POSTGRESQL = """
UPDATE articles_article AS article
SET search_head = indexed.head,
    search_vector = indexed.head
        || setweight(to_tsvector('english'::regconfig, coalesce(article.body, '')), 'D')
FROM (
    SELECT id,
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce((
            SELECT string_agg(tag.name, ' ') FROM articles_taggedarticle AS tagged
            JOIN taggit_tag AS tag ON tag.id = tagged.tag_id
            WHERE tagged.content_object_id = articles_article.id), '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '')), 'C') AS head
    FROM articles_article WHERE id = ANY(%s)
) AS indexed
WHERE article.id = indexed.id
"""


def index_existing_articles(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id FROM articles_article ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(ids), BATCH):
            cursor.execute(INDEX_POSTGRESQL, [ids[start : start + BATCH]])


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
