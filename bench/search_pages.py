"""The search pages of bench/search.py's archive, in process: their HTML, to compare two
versions of the code byte for byte, and the CPU a search and the home page take.

    .venv/bin/python bench/search_pages.py dump before/ --articles 20000
    (change the code)
    .venv/bin/python bench/search_pages.py dump after/ --articles 20000
    diff -r before/ after/
    .venv/bin/python bench/search_pages.py cpu --articles 20000

Reads the PostgreSQL database bench/search.py fills (SEARCH_BENCH_PG_DATABASE names
another; --articles is how many it holds) and writes nothing to it. The pages are
bench/search.py's 50 searches, pages 2 and 3 of ten of them, and odd or invalid filters.
CPU is the process's own (time.process_time()): what the code costs, apart from the
database's work and from waiting for the machine when others load it.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.searchcorpus import Corpus, queries  # noqa: E402
from bench.searchtiming import PG_URL, setup_django  # noqa: E402


def pages(searches):
    """The searches, then pages 2 and 3 of the first ten, then filters the page refuses."""
    more = [{**params, "page": page} for params in searches[:10] for page in (2, 3)]
    q = [params["q"] for params in searches[:4]]
    more += [
        {"q": q[0], "tag": "no-such-tag"},
        {"q": ""},
        {},
        {"q": "-"},
        {"q": q[1], "currency": "usd"},
        {"q": q[1], "min": "12"},
        {"q": q[1], "currency": "USD", "min": "1000", "sort": "amount"},
        {"q": q[2], "year": "abc"},
        {"q": q[3], "page": "999"},
        {"q": "<b>&amp;\"'"},
    ]
    return searches + more


def dump(client, searches, folder):
    folder.mkdir(parents=True, exist_ok=True)
    for i, params in enumerate(pages(searches)):
        response = client.get("/search/", params)
        head = f"{params!r}\n{response.status_code}\n".encode()
        (folder / f"{i:03d}.html").write_bytes(head + response.content)
    print(f"{len(pages(searches))} pages in {folder}")


def cpu(client, searches, rounds=3):
    for params in searches:  # warm-up
        client.get("/search/", params)
    for _ in range(rounds):
        search_ms, home_ms = [], []
        for params in searches:
            started = time.process_time()
            client.get("/search/", params)
            search_ms.append((time.process_time() - started) * 1000)
            started = time.process_time()
            client.get("/")
            home_ms.append((time.process_time() - started) * 1000)
        search, home = statistics.median(search_ms), statistics.median(home_ms)
        print(f"CPU median: search {search:.2f} ms, home {home:.2f} ms, ratio {search / home:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["dump", "cpu"])
    parser.add_argument("folder", nargs="?", type=Path, help="dump: where the pages go")
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    if args.what == "dump" and args.folder is None:
        parser.error("dump needs a folder")
    # The page cache off, as in bench/search.py: every request renders its page.
    setup_django(PG_URL, CACHE_URL="locmem://", PAGE_CACHE_TIMEOUT="0")
    from django.test import Client

    searches = queries(Corpus(), args.articles)
    if args.what == "dump":
        dump(Client(), searches, args.folder)
    else:
        cpu(Client(), searches)


if __name__ == "__main__":
    main()
