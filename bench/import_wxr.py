#!/usr/bin/env python3
"""Benchmark: import a generated WordPress export of 10,000 posts and 50,000 comments.

    .venv/bin/python bench/import_wxr.py                       # SQLite, then PostgreSQL
    .venv/bin/python bench/import_wxr.py --databases sqlite
    .venv/bin/python bench/import_wxr.py --postgres-url postgres://postgres@127.0.0.1:5432/x_bench

The export is generated with a fixed seed (posts with tags, categories, block markup and
a script to strip; comments approved, pending and spam, a third of them replies, some
nested several deep).
Each database starts empty: SQLite in a temporary file, PostgreSQL in the database named
by --postgres-url, which is DROPPED and created again (its name must end in "_bench").
`manage.py import_articles` runs in a child process, timed with its peak memory (maximum
resident set size); then the same file is imported again, which must change nothing, and
`export_articles` writes the archive back out, timed too.
The figures are printed as Markdown table rows for bench/README.md.
"""

import argparse
import datetime
import os
import random
import subprocess  # nosec B404: runs manage.py, with fixed arguments
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VOCABULARY = (
    "market shares profit revenue quarter growth investors bank rates inflation supply "
    "chain logistics retail online platform merger deal regulator energy prices copper "
    "steel shipping port freight exports imports startup funding round valuation board "
    "chief executive analysts forecast dividend bonds currency yuan dollar euro demand"
)
WORDS = VOCABULARY.split()
TAGS = [f"Topic {n}" for n in range(200)]
CATEGORIES = [f"Section {n}" for n in range(20)]
APPROVAL = ["1"] * 8 + ["0", "spam"]


def sentence(rng, n=12):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def generate(path, posts, comments, seed=2018):
    """Write the export; comments are spread evenly, a third of them replies."""
    rng = random.Random(seed)  # nosec B311: repeatable test data, nothing secret
    per_post, extra = divmod(comments, posts)
    start = datetime.datetime(2015, 1, 1, 6, 0)
    comment_id = 0
    with open(path, "w", encoding="utf-8") as f:
        w = f.write
        w('<?xml version="1.0" encoding="UTF-8" ?>\n')
        w(
            '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        )
        w("<title>Bench Business Daily</title>\n<link>https://bench.example.com</link>\n")
        w("<wp:wxr_version>1.2</wp:wxr_version>\n")
        w("<wp:base_blog_url>https://bench.example.com</wp:base_blog_url>\n")
        w(
            "<wp:author><wp:author_login>editor</wp:author_login>"
            "<wp:author_display_name><![CDATA[Bench Editor]]></wp:author_display_name>"
            "</wp:author>\n"
        )
        for n in range(1, posts + 1):
            date = start + datetime.timedelta(hours=7 * n)
            stamp = date.strftime("%Y-%m-%d %H:%M:%S")
            paragraphs = [
                f"<!-- wp:paragraph -->\n<p>{sentence(rng, 40)} {sentence(rng, 30)}</p>\n"
                "<!-- /wp:paragraph -->"
                for _ in range(rng.randint(3, 6))
            ]
            if n % 100 == 0:
                paragraphs.append('<script>alert("bench")</script>')
            title = f"{sentence(rng, 8)[:-1]} ({n})"
            w("<item>\n")
            w(f"<title>{cdata(title)}</title>\n")
            w(f"<link>https://bench.example.com/{date:%Y/%m/%d}/post-{n}/</link>\n")
            w("<dc:creator>editor</dc:creator>\n")
            w(f'<guid isPermaLink="false">https://bench.example.com/?p={n}</guid>\n')
            w(f"<content:encoded>{cdata(chr(10).join(paragraphs))}</content:encoded>\n")
            w(f"<excerpt:encoded>{cdata(sentence(rng, 20))}</excerpt:encoded>\n")
            w(f"<wp:post_id>{n}</wp:post_id>\n")
            w(f"<wp:post_date>{stamp}</wp:post_date><wp:post_date_gmt>{stamp}</wp:post_date_gmt>\n")
            w("<wp:comment_status>open</wp:comment_status>\n")
            w(f"<wp:post_name>post-{n}</wp:post_name>\n")
            w("<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>\n")
            for tag in rng.sample(TAGS, 3):
                w(f'<category domain="post_tag" nicename="x">{cdata(tag)}</category>\n')
            category = cdata(rng.choice(CATEGORIES))
            w(f'<category domain="category" nicename="x">{category}</category>\n')
            ids = []
            for c in range(per_post + (1 if n <= extra else 0)):
                comment_id += 1
                parent = rng.choice(ids[-4:]) if ids and rng.random() < 0.35 else 0
                ids.append(comment_id)
                when = (date + datetime.timedelta(minutes=17 * (c + 1))).strftime(
                    "%Y-%m-%d %H:%M:%S"
                )
                w(
                    "<wp:comment>"
                    f"<wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>{cdata(f'Reader {comment_id % 5000}')}</wp:comment_author>"
                    "<wp:comment_author_email>"
                    f"reader{comment_id % 5000}@example.org</wp:comment_author_email>"
                    f"<wp:comment_author_url>https://r{comment_id % 97}.example.org/"
                    "</wp:comment_author_url>"
                    f"<wp:comment_author_IP>192.0.2.{comment_id % 250}</wp:comment_author_IP>"
                    f"<wp:comment_date_gmt>{when}</wp:comment_date_gmt>"
                    f"<wp:comment_content>{cdata(sentence(rng, 25))}</wp:comment_content>"
                    f"<wp:comment_approved>{rng.choice(APPROVAL)}</wp:comment_approved>"
                    "<wp:comment_type></wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent>"
                    "</wp:comment>\n"
                )
            w("</item>\n")
        w("</channel>\n</rss>\n")


def run(args, env, watch=None):
    """Run a manage.py command; return wall seconds, peak RSS in MB, CPU seconds, output.

    ``watch(process)``, when given, runs in a thread beside the command until it ends.
    """
    started = time.monotonic()
    process = subprocess.Popen(  # nosec B603: our own manage.py, no shell
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    watcher = threading.Thread(target=watch, args=(process,), daemon=True) if watch else None
    if watcher:
        watcher.start()
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if watcher:
        watcher.join()
    if process.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, output


def counts(env):
    code = (
        "from articles.models import Article, Comment;"
        "print(Article.objects.count(), Comment.objects.count(),"
        " Article.objects.filter(body__icontains='<script').count())"
    )
    *_figures, output = run(["shell", "-c", code], env)
    return output.split()[-3:]


def reset_postgres(url):
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.endswith("_bench"):
        sys.exit(f"refusing to drop “{name}”: the benchmark's database name must end in _bench")
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def bench(label, database_url, export, posts, comments):
    env = os.environ | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-insecure-key",  # nosec B105: a throwaway benchmark key
        "DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
    }
    run(["migrate", "--noinput", "-v", "0"], env)
    load = os.getloadavg()[0]
    seconds, peak, cpu, output = run(["import_articles", str(export)], env)
    summary = output.strip().splitlines()[-1]
    stored = counts(env)
    again, again_peak, again_cpu, again_output = run(["import_articles", str(export)], env)
    if f"{posts} unchanged" not in again_output:
        sys.exit(f"the second import changed something:\n{again_output}")
    exported = Path(export).with_name(f"exported-{label.lower()}.xml")
    out_seconds, out_peak, _cpu, _output = run(
        ["export_articles", "-o", str(exported), "--base-url", "https://bench.example.com"], env
    )
    print(f"  {label}: {summary}", file=sys.stderr)
    print(
        f"  {label} stored: {stored[0]} articles, {stored[1]} comments, {stored[2]} scripts",
        file=sys.stderr,
    )
    return (
        f"| {label} | {posts:,} posts, {comments:,} comments | {seconds:.1f} s "
        f"({posts / seconds:,.0f} posts/s) | {cpu:.1f} s | {peak:.0f} MB | {load:.1f} "
        f"| {again:.1f} s, {again_peak:.0f} MB | {out_seconds:.1f} s, {out_peak:.0f} MB |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/newsarchive_bench"
        ),
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "bench-export.wxr.xml"
        started = time.monotonic()
        generate(export, args.posts, args.comments)
        size = export.stat().st_size / 1024 / 1024
        print(
            f"Generated {export.name}: {size:.1f} MB in {time.monotonic() - started:.1f} s",
            file=sys.stderr,
        )
        rows = []
        for database in args.databases.split(","):
            if database == "sqlite":
                rows.append(
                    bench(
                        "SQLite",
                        f"sqlite:///{folder}/bench.sqlite3",
                        export,
                        args.posts,
                        args.comments,
                    )
                )
            elif database == "postgres":
                reset_postgres(args.postgres_url)
                rows.append(
                    bench("PostgreSQL", args.postgres_url, export, args.posts, args.comments)
                )
            else:
                sys.exit(f"unknown database “{database}” (sqlite, postgres)")
    print(f"WXR file: {size:.1f} MB")
    print(
        "| database | import | time | CPU (importer) | peak memory | load average "
        "| second import (unchanged) | export_articles |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
