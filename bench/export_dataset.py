"""Peak memory and time of `manage.py export_dataset` on a large archive, in each format.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsarchive_search_bench \\
        .venv/bin/python bench/export_dataset.py [--formats jsonl csv parquet]

Each export runs in its own process, once over the oldest tenth of the archive and once over
all of it; flat memory means the two peaks are close whatever the archive's size. Output
files go to a temporary folder and are deleted; their sizes are printed.
"""

import argparse
import os
import subprocess  # nosec B404: runs manage.py, our own command
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args):
    start = time.perf_counter()
    process = subprocess.Popen(  # nosec B603: a fixed argument list
        [sys.executable, str(ROOT / "manage.py"), "export_dataset", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status:
        sys.exit(f"export_dataset failed: {process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024, process.stderr.read().decode().strip()


def tenth_day():
    """The publication day that ends the oldest tenth of the published articles."""
    code = (
        "from articles.models import Article; qs = Article.objects.published()"
        ".order_by('published_at'); n = qs.count(); "
        "print(qs.values_list('published_at', flat=True)[n // 10].date())"
    )
    result = subprocess.run(  # nosec B603
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", nargs="+", default=["jsonl", "csv", "parquet"])
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key")
    until = tenth_day()
    header = ("format", "part", "articles", "seconds", "peak RSS MB", "file MB")
    print("{:8} {:>10} {:>9} {:>8} {:>12} {:>8}".format(*header))
    with tempfile.TemporaryDirectory() as folder:
        for fmt in args.formats:
            for part, extra in (("tenth", ["--until", until]), ("all", [])):
                path = Path(folder) / f"out.{fmt}"
                seconds, peak, said = run(
                    [
                        "--format",
                        fmt,
                        "-o",
                        str(path),
                        "--site-url",
                        "https://bench.example",
                        *extra,
                    ]
                )
                count = said.split()[0]
                size = path.stat().st_size / 1e6
                print(f"{fmt:8} {part:>10} {count:>9} {seconds:8.1f} {peak:12.0f} {size:8.1f}")
                path.unlink()


if __name__ == "__main__":
    main()
