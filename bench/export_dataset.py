"""Peak memory and time of `manage.py export_dataset` on a large archive, in each format.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsarchive_export_bench \\
        .venv/bin/python bench/export_dataset.py --articles 1000000 [--formats jsonl csv parquet]

With `--articles N` the database is made, migrated and filled up to N articles first by
bench/seed_export.py (PostgreSQL only: the columns the export reads, with `INSERT ... SELECT`,
a million in about 20 minutes on a busy machine, where bench/seed.py and its search index
take over an hour), so one command measures a million; without it, the archive is taken as
it is. Each
export runs in its own process, once over the oldest tenth of the archive and once over all
of it; flat memory means the two peaks are close whatever the archive's size. Output files
go to a temporary folder (`--folder`; a million articles is about 6.9 GB of JSON Lines, one
file at a time) and are deleted; their sizes are printed.
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


def manage(*args):
    """A manage.py command's last line of output."""
    result = subprocess.run(  # nosec B603: a fixed argument list
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def create_database():
    """The PostgreSQL database DATABASE_URL names, made if it does not exist yet."""
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://"))
    if "postgresql" not in config["ENGINE"]:
        return
    connection = psycopg2.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    connection.close()


def seed_up_to(articles):
    """Make, migrate, then add seeded articles until the archive holds `articles`."""
    create_database()
    manage("migrate", "--noinput", "-v", "0")
    present = int(
        manage("shell", "-c", "from articles.models import Article; print(Article.objects.count())")
    )
    missing = articles - present
    print(f"{present} articles present; seeding {max(missing, 0)} more", flush=True)
    if missing > 0:
        subprocess.run(  # nosec B603: our own seeding script
            [sys.executable, str(ROOT / "bench" / "seed_export.py"), "--articles", str(missing)],
            check=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", nargs="+", default=["jsonl", "csv", "parquet"])
    parser.add_argument(
        "--articles", type=int, help="seed the database up to this many articles first"
    )
    parser.add_argument("--folder", help="where the output files go (default: a temporary one)")
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key")
    # Counting, seeding and exporting a million rows takes longer than the site's default
    # statement limit (5 s), which protects pages, not batch jobs.
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
    if args.articles:
        seed_up_to(args.articles)
    until = tenth_day()
    print(f"load average {os.getloadavg()[0]:.1f} at the start", flush=True)
    header = ("format", "part", "articles", "seconds", "peak RSS MB", "file MB")
    print("{:8} {:>10} {:>9} {:>8} {:>12} {:>8}".format(*header), flush=True)
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
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
                print(
                    f"{fmt:8} {part:>10} {count:>9} {seconds:8.1f} {peak:12.0f} {size:8.1f}",
                    flush=True,
                )
                path.unlink()
    print(f"load average {os.getloadavg()[0]:.1f} at the end", flush=True)


if __name__ == "__main__":
    main()
