"""The archive as a research dataset: one flat record per published article, with provenance.

Records are read from the database in chunks and written as they come, so memory stays flat
whatever the archive's size: JSON Lines and CSV a line at a time, Parquet a row group each
ROW_GROUP_BYTES of Arrow columns. Every format carries the same columns (COLUMNS), so a
dataset can be loaded into pandas, R, DuckDB or a spreadsheet and joined back to the
archive by `id` or `url`.
"""

import csv
import datetime
import hashlib
import itertools
import json
import re

from django.utils import timezone

from articles.html import plain_text
from articles.models import TaggedArticle
from authors.models import Byline

CHUNK = 2000
# Parquet's row groups: the Arrow size of the articles in one (see write_parquet).
ROW_GROUP_BYTES = 64 * 2**20
_BLOCK_END = re.compile(
    r"</(?:p|h[1-6]|li|blockquote|pre|tr|table|figure|dd|dt)\s*>|<br\s*/?>", re.I
)
_PARAGRAPHS = re.compile(r"\n\s*\n")

# (name, Arrow type name, description): the documented schema of every format.
COLUMNS = [
    ("id", "int64", "the article's id in this archive"),
    ("url", "string", "its permanent address in this archive"),
    ("title", "string", "the headline"),
    ("standfirst", "string", "the summary under the headline"),
    ("authors", "list<string>", "the authors credited, in order (CSV: separated by '|')"),
    ("byline", "string", "the byline as the source gave it"),
    ("published_at", "timestamp", "first publication (UTC)"),
    ("tags", "list<string>", "tag names (CSV: separated by '|')"),
    ("text", "string", "the body as plain text"),
    ("source_name", "string", "who published it first"),
    ("source_url", "string", "where it was first published"),
    ("archived_at", "timestamp", "when this archive took it (imported, or created here) (UTC)"),
    ("source_sha256", "string", "SHA-256 of the original file or capture, when imported"),
    ("text_sha256", "string", "SHA-256 of `text` as exported, to check a copy"),
]
NAMES = [name for name, _type, _description in COLUMNS]


def records(articles, site_url):
    """One dict per article of `articles` (a queryset), read CHUNK rows at a time."""
    fields = ["id", "slug", "title", "standfirst", "byline", "published_at", "body"]
    fields += ["source_name", "source_url", "imported_at", "created_at", "source_sha256"]
    rows = articles.order_by("published_at", "id").only(*fields).iterator(chunk_size=CHUNK)
    for chunk in _chunks(rows):
        # Each chunk's tags and authors by name in one query each. prefetch_related would
        # build a queryset per article to hold them: three quarters of the export's time.
        ids = [article.pk for article in chunk]
        tags = _grouped(
            TaggedArticle.objects.filter(content_object_id__in=ids)
            .order_by()
            .values_list("content_object_id", "tag__name")
        )
        authors = _grouped(
            Byline.objects.filter(article_id__in=ids)
            .order_by("position", "id")
            .values_list("article_id", "author__name")
        )
        for article in chunk:
            text = body_text(article.body)
            yield {
                "id": article.pk,
                "url": site_url + article.get_absolute_url(),
                "title": article.title,
                "standfirst": article.standfirst,
                "authors": authors.get(article.pk, []),
                "byline": article.byline,
                "published_at": _utc(article.published_at),
                "tags": sorted(tags.get(article.pk, [])),
                "text": text,
                "source_name": article.source_name,
                "source_url": article.source_url,
                "archived_at": _utc(article.imported_at or article.created_at),
                "source_sha256": article.source_sha256,
                "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
            }


def _grouped(pairs):
    """{key: [values in the order given]} from (key, value) pairs."""
    groups = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


def body_text(body):
    """The body as plain text, one paragraph (or heading, list item, table row) a block,
    blocks separated by a blank line, spaces inside each folded."""
    text = plain_text(_BLOCK_END.sub("\n\n", body or ""))
    blocks = (" ".join(block.split()) for block in _PARAGRAPHS.split(text))
    return "\n\n".join(block for block in blocks if block)


def _utc(moment):
    return moment.astimezone(datetime.UTC) if moment else None


def write_jsonl(rows, out):
    count = 0
    for row in rows:
        row = dict(
            row, published_at=_iso(row["published_at"]), archived_at=_iso(row["archived_at"])
        )
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows, out):
    writer = csv.writer(out)
    writer.writerow(NAMES)
    count = 0
    for row in rows:
        row = dict(
            row,
            published_at=_iso(row["published_at"]),
            archived_at=_iso(row["archived_at"]),
            tags="|".join(row["tags"]),
            authors="|".join(row["authors"]),
        )
        writer.writerow([_csv_safe(row[name]) for name in NAMES])
        count += 1
    return count


def _csv_safe(value):
    # A cell starting with = + - @ is run as a formula by spreadsheets (CSV injection): a
    # leading apostrophe keeps it text, as spreadsheets themselves do.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_parquet(rows, path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "int64": pa.int64(),
        "string": pa.string(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "list<string>": pa.list_(pa.string()),
    }
    schema = pa.schema(
        [pa.field(name, types[kind]) for name, kind, _description in COLUMNS],
        metadata={"source": "newsarchive export_dataset", "exported_at": _iso(timezone.now())},
    )
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        # Each chunk becomes Arrow columns at once, and a row group is written when they
        # reach ROW_GROUP_BYTES. The writer keeps about 25 kB per row group until the file
        # is closed (its footer and the memory around it), so one row group per chunk of
        # 2,000 articles grew a million-article export by 12 MB; at this size the peak is
        # the same at a tenth of a million as at all of it (bench/README.md), and the row
        # groups are nearer the size Parquet readers are tuned for.
        batches, size = [], 0
        for chunk in _chunks(rows):
            batch = pa.RecordBatch.from_pylist(chunk, schema=schema)
            batches.append(batch)
            size += batch.nbytes
            count += batch.num_rows
            if size >= ROW_GROUP_BYTES:
                _write_row_group(writer, batches, schema)
                batches, size = [], 0
        if batches or not count:
            _write_row_group(writer, batches, schema)
    return count


def _chunks(rows):
    """Lists of CHUNK rows (the last one shorter) from any iterable."""
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, CHUNK)):
        yield chunk


def _write_row_group(writer, batches, schema):
    import pyarrow as pa

    table = pa.Table.from_batches(batches, schema=schema)
    writer.write_table(table, row_group_size=max(table.num_rows, 1))


def _iso(moment):
    return moment.isoformat().replace("+00:00", "Z") if moment else None
