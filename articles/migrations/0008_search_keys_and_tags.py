"""Exact keys and tag ids beside the search vector; the index pairs it with the day.

PostgreSQL's GIN index knows which articles hold a word, not where: for a quoted phrase it
hands over every article holding all its words, and each one's vector (stored out of line)
is read to check the order. A phrase of two common words sent thousands of vectors through
that check. `search_keys` names each pair of adjacent words (a digest of the two stems,
exactly as PostgreSQL's parser placed them) and each tag, so the index itself narrows a
phrase to the articles holding its pairs, and a tag filter to the tag's articles; the
vector still checks the few left.

`search_tags` keeps each article's tag ids, on both databases, so a search counts and shows
its matches' tags from the rows it reads anyway.

The index now pairs the vector with the UTC publication day rather than the time: a window
of the newest articles is a range of the index's date entries, one per day instead of one
per article.

Existing articles are reindexed once, with the old index dropped first: rewriting every row
under a GIN index costs several times more than building the index afterwards. SQLite's
FTS5 table stores word positions and needs no keys; it only gets the tag ids. The reindex
is this migration's own copy of the code, so that a later change to articles.search cannot
change what it did.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

import articles.search.expressions

BATCH = 1000

# The keys of one article: 'p' and a digest of two stems for each pair of adjacent positions
# in its vector, 't' and the id for each of its tags. md5 rather than hashtext(), whose values
# PostgreSQL does not promise to keep across versions; a clash would only add a candidate
# that the vector then rejects.
CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION articles_search_keys(vector tsvector, tag_ids bigint[])
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_tsvector(
        ARRAY(
            SELECT DISTINCT 'p' || left(md5(first.lexeme || ' ' || second.lexeme), 12)
            FROM (SELECT lexeme, position FROM unnest(vector), unnest(positions) AS position)
                AS first
            JOIN (SELECT lexeme, position FROM unnest(vector), unnest(positions) AS position)
                AS second ON second.position = first.position + 1
        )
        || ARRAY(SELECT 't' || tag_id FROM unnest(tag_ids) AS tag_id)
    )
$$
"""
DROP_FUNCTION = "DROP FUNCTION IF EXISTS articles_search_keys(tsvector, bigint[])"

# Every column of the index for a batch of articles: the head (title A, tag names B,
# standfirst C) and, with the body (D), the vector; the keys read off that vector and the
# tag ids; the tag ids again, as text, for the counts.
INDEX_POSTGRESQL = """
UPDATE articles_article AS article
SET search_vector = indexed.vector,
    search_head = indexed.head,
    search_keys = articles_search_keys(indexed.vector, indexed.tag_ids),
    search_tags = coalesce(array_to_string(indexed.tag_ids, ' '), '')
FROM (
    SELECT id, head,
        head || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'D') AS vector,
        tag_ids
    FROM (
        SELECT id, body,
            setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce((
                SELECT string_agg(tag.name, ' ') FROM articles_taggedarticle AS tagged
                JOIN taggit_tag AS tag ON tag.id = tagged.tag_id
                WHERE tagged.content_object_id = articles_article.id), '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '')), 'C')
                AS head,
            ARRAY(
                SELECT tag_id FROM articles_taggedarticle
                WHERE content_object_id = articles_article.id ORDER BY tag_id
            ) AS tag_ids
        FROM articles_article WHERE id = ANY(%s)
    ) AS heads
) AS indexed
WHERE article.id = indexed.id
"""

# SQLite's tag ids, in one statement.
FILL_SQLITE_TAGS = """
    UPDATE articles_article SET search_tags = coalesce(
        (SELECT group_concat(tag_id, ' ') FROM (
            SELECT tag_id FROM articles_taggedarticle
            WHERE content_object_id = articles_article.id ORDER BY tag_id)), '')
"""


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FUNCTION)


def index_existing_articles(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT id FROM articles_article ORDER BY id")
            ids = [row[0] for row in cursor.fetchall()]
            for start in range(0, len(ids), BATCH):
                cursor.execute(INDEX_POSTGRESQL, [ids[start : start + BATCH]])
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(FILL_SQLITE_TAGS)


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
        ("articles", "0007_article_search_head"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_keys",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="search_tags",
            field=models.TextField(editable=False, null=True),
        ),
        migrations.RunPython(create_function, drop_function),
        RemoveIndexOnPostgreSQL(model_name="article", name="article_search_vector_idx"),
        migrations.RunPython(index_existing_articles, migrations.RunPython.noop),
        AddIndexOnPostgreSQL(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                models.F("search_vector"),
                articles.search.expressions.UtcDay("published_at"),
                models.F("search_keys"),
                name="article_search_vector_idx",
            ),
        ),
    ]
