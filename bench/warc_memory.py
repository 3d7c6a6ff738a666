#!/usr/bin/env python3
"""Benchmark: import a generated ~1 GB .warc.gz and measure the importer's peak memory.

    .venv/bin/python bench/warc_memory.py                   # 1 GB, SQLite in a temp file
    .venv/bin/python bench/warc_memory.py --size-mb 200     # quicker
    .venv/bin/python bench/warc_memory.py --keep            # keep the WARC for another run
    .venv/bin/python bench/warc_memory.py --warc /tmp/warc-bench-x/crawl.warc.gz  # reuse it

The crawl is generated with a fixed seed, the way a real one is made up: most of its bytes
are images and video (records of random, incompressible bytes, 1 to 8 MB each, which the
importer must pass over without holding them), and among them article pages (with
navigation, share links and comments around the post; two of them of 3.8 MB, near the
largest page the importer reads) and pages that are not articles (tag lists, 404s).
`manage.py import_articles` runs on it in a child process on an empty SQLite database; its
wall time, CPU time and peak memory (maximum resident set size) are printed, and the run
fails when the peak reaches 300 MB or when any article is missing.
"""

import argparse
import datetime
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from bench.import_wxr import WORDS, run, sentence  # noqa: E402

LIMIT_MB = 300
# Two pages of 3.8 MB, near the largest the importer reads, early in the crawl.
LARGE_PAGES = {3, 13}
HTML = "text/html; charset=utf-8"


def article_page(rng, n, when, paragraphs=0):
    paragraphs = "\n".join(
        f"<p>{sentence(rng, 30)} {sentence(rng, 25)} {sentence(rng, 20)}</p>"
        for _ in range(paragraphs or rng.randint(6, 14))
    )
    title = sentence(rng, 8)[:-1]
    url = f"https://bench.example/{when:%Y/%m/%d}/story-{n}/"
    tags = "".join(
        f'<meta property="article:tag" content="{rng.choice(WORDS).title()}">' for _ in range(3)
    )
    comments = "".join(f"<li class='comment'><p>{sentence(rng, 15)}</p></li>" for _ in range(5))
    menu = "".join(f"<li><a href='/s/{w}/'>{w.title()}</a></li>" for w in WORDS[:12])
    return url, (
        f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="{url}"><meta property="og:type" content="article">
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Bench Daily">
<meta property="article:published_time" content="{when.isoformat()}">{tags}</head>
<body><header><nav><ul>{menu}</ul></nav></header>
<div class="share-buttons"><a href="#">Share on Twitter</a></div>
<article><h1>{title}</h1><div class="entry-content">{paragraphs}</div></article>
<section class="related-posts"><h3>Related</h3><ul>{menu}</ul></section>
<div id="comments"><ol>{comments}</ol><h3>Leave a Reply</h3></div></body></html>"""
    ).encode()


def tag_page(rng, n):
    links = "".join(f"<li><a href='/a/{i}/'>{sentence(rng, 6)}</a></li>" for i in range(30))
    return f"https://bench.example/tag/{n}/", (
        f"<!DOCTYPE html><html><head><title>Tag {n}</title></head><body><ul>{links}</ul>"
        "</body></html>"
    ).encode()


def write_response(writer, uri, when, status, content_type, payload, length):
    http = StatusAndHeaders(
        f"{status} {'OK' if status == 200 else 'Not Found'}",
        [("Content-Type", content_type), ("Content-Length", str(length))],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        uri,
        "response",
        payload=payload,
        length=length,
        http_headers=http,
        warc_headers_dict={"WARC-Date": when.strftime("%Y-%m-%dT%H:%M:%SZ")},
    )
    writer.write_record(record)


def generate(path, size_mb, seed=2026, large_pages=LARGE_PAGES):
    """Write the crawl; return (articles, other HTML pages, media records)."""
    rng = random.Random(seed)  # nosec B311: repeatable test data, nothing secret
    target = int(size_mb * 1024 * 1024)
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    articles = others = media = 0
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        n = 0
        while f.tell() < target:
            n += 1
            when = start + datetime.timedelta(minutes=7 * n)
            kind = n % 10
            if n in large_pages:
                # The largest article page the importer reads (html.MAX_BYTES is 4 MB).
                articles += 1
                uri, body = article_page(rng, n, when, paragraphs=7000)
                write_response(writer, uri, when, 200, HTML, io.BytesIO(body), len(body))
            elif kind < 6:
                articles += 1
                uri, body = article_page(rng, n, when)
                write_response(writer, uri, when, 200, HTML, io.BytesIO(body), len(body))
            elif kind < 8:
                others += 1
                uri, body = tag_page(rng, n)
                status = 404 if kind == 7 and n % 20 == 7 else 200
                write_response(writer, uri, when, status, HTML, io.BytesIO(body), len(body))
            else:
                media += 1
                length = rng.randint(1, 8) * 1024 * 1024
                body = rng.randbytes(length)
                uri = f"https://bench.example/media/{n}.mp4"
                write_response(writer, uri, when, 200, "video/mp4", io.BytesIO(body), length)
    return articles, others, media


def measured_run(args, env):
    """run() for the import, also sampling its memory from /proc every 50 ms.

    The import is one process (it starts no others), so its peak resident size, as the
    kernel counts it (ru_maxrss), is the whole import's. The samples tell apart, at their
    highest, the memory the process allocated (anonymous) from the files it maps (shared
    libraries, and SQLite's database file, which it reads through mmap).
    Returns wall seconds, peak MB, CPU seconds, output, and (anonymous, file) MB.
    """
    highest = {"VmRSS": 0, "RssAnon": 0, "RssFile": 0}

    def sample(process):
        status = Path(f"/proc/{process.pid}/status")
        while process.returncode is None:
            try:
                fields = dict(
                    line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
                )
                now = {key: int(fields[key].split()[0]) / 1024 for key in highest}
            except (OSError, KeyError, ValueError):
                break
            if now["VmRSS"] > highest["VmRSS"]:
                highest.update(now)
            time.sleep(0.05)

    seconds, peak, cpu, output = run(args, env, watch=sample)
    return seconds, peak, cpu, output, (highest["RssAnon"], highest["RssFile"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=float, default=1024, help="size of the .warc.gz")
    parser.add_argument("--keep", action="store_true", help="keep the generated WARC file")
    parser.add_argument(
        "--warc",
        type=Path,
        help="import this crawl, written by an earlier --keep run, instead of writing one",
    )
    options = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="warc-bench-"))
    if options.warc:
        # Writing 1 GB takes minutes; the counts were saved beside the crawl by --keep.
        warc = options.warc
        articles, others, media = json.loads(_counts_file(warc).read_text())
    else:
        warc = folder / "crawl.warc.gz"
        started = time.monotonic()
        articles, others, media = generate(warc, options.size_mb)
        print(
            f"generated in {time.monotonic() - started:.0f} s: {articles:,} articles, "
            f"{others:,} other pages, {media:,} media records",
            file=sys.stderr,
        )
        if options.keep:
            _counts_file(warc).write_text(json.dumps([articles, others, media]))
    size = warc.stat().st_size
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "SECRET_KEY": "bench-only-insecure-key",  # nosec B105: a throwaway benchmark key
        "DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
    }
    run(["migrate", "--noinput", "-v", "0"], env)
    load = os.getloadavg()[0]
    seconds, peak, cpu, output, (anon, mapped) = measured_run(
        ["import_articles", "-v", "0", str(warc)], env
    )
    summary = output.strip().splitlines()[-1]
    print(f"  {summary}", file=sys.stderr)
    print(
        f"  at the highest sample: {anon:.0f} MB allocated, {mapped:.0f} MB of mapped files",
        file=sys.stderr,
    )
    if f"{articles} created" not in summary:
        sys.exit(f"expected {articles} articles created:\n{output}")
    print(
        f"| {size / 2**20:,.0f} MB .warc.gz | {articles:,} articles, {others:,} other pages, "
        f"{media:,} media records | {seconds:.0f} s | {cpu:.0f} s | {peak:.0f} MB | {load:.1f} |"
    )
    if options.keep and not options.warc:
        print(f"kept {warc} (import it again with --warc {warc})", file=sys.stderr)
        (folder / "bench.sqlite3").unlink()
    else:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()
    if peak >= LIMIT_MB:
        sys.exit(f"peak memory {peak:.0f} MB is over the {LIMIT_MB} MB limit")


def _counts_file(warc):
    return warc.with_name(warc.name + ".counts.json")


if __name__ == "__main__":
    main()
