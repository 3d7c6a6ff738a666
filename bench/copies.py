"""Time and peak memory of `manage.py rebuild_copy_groups` on a large archive.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsarchive_search_bench \\
        .venv/bin/python bench/copies.py

Runs the command in its own process (after `migrate`, which adds the copies tables to a
benchmark database made before they existed) and prints the articles, groups found, wall
time (and per article), the command's own CPU time (which a busy machine's other jobs change
far less; the database server's work is not in it), peak resident memory and the load
average before and after. Target: 100,000 articles in under 10 minutes, flat memory.
"""

import os
import subprocess  # nosec B404: runs manage.py, our own commands
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key")
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], check=True)  # nosec B603
    count = subprocess.run(  # nosec B603
        [
            *manage,
            "shell",
            "-c",
            "from articles.models import Article; print(Article.objects.count())",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen([*manage, "rebuild_copy_groups"], stdout=subprocess.PIPE)  # nosec B603
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    said = process.stdout.read().decode().strip()
    if status:
        sys.exit("rebuild_copy_groups failed")
    cpu = usage.ru_utime + usage.ru_stime
    articles = max(int(count), 1)
    print(
        f"{count} articles: {said} in {seconds:.1f} s ({seconds / articles * 1000:.2f} ms an "
        f"article), the command's own CPU {cpu:.1f} s ({cpu / articles * 1000:.2f} ms an "
        f"article), peak RSS {usage.ru_maxrss / 1024:.0f} MB; load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )


if __name__ == "__main__":
    main()
