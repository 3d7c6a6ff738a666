"""Show the site surviving a real PostgreSQL outage, and a slow database, with no restart.

Starts a throwaway PostgreSQL cluster (its own data folder and port, never the server you
already run), migrates it, loads the demo articles and serves the app with gunicorn using
the project's gunicorn.conf.py. Then:

1. pages answer 200;
2. PostgreSQL is stopped: pages answer the static 503 with Retry-After, quickly;
3. PostgreSQL is started again: pages answer 200 again, same gunicorn workers;
4. a table is locked so queries wait: the statement timeout cancels them and pages answer
   503 within about DATABASE_STATEMENT_TIMEOUT, instead of hanging a worker.

Run as root or as a user who can run PostgreSQL's initdb:
    .venv/bin/python bench/db_down.py
Only 127.0.0.1 is contacted. Everything it started is stopped when it ends.
"""

import argparse
import contextlib
import glob
import os
import shutil

# bandit B404: starts PostgreSQL and gunicorn with argument lists.
import subprocess  # nosec B404
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name)]
    if not found[-1]:
        sys.exit(f"{name} not found: install Debian's postgresql package.")
    return found[-1]


def as_postgres(command):
    # initdb and postgres refuse to run as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def run(command, **kwargs):
    # bandit B603: fixed commands.
    return subprocess.run(command, check=True, **kwargs)  # nosec B603


def get(url):
    """(status, Retry-After, seconds) for one GET."""
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
    try:
        # bandit B310: http://127.0.0.1 only.
        with urllib.request.urlopen(request, timeout=60) as response:  # nosec B310
            status, retry = response.status, response.headers.get("Retry-After")
    except urllib.error.HTTPError as error:
        status, retry = error.code, error.headers.get("Retry-After")
    return status, retry, time.perf_counter() - started


class Cluster:
    def __init__(self, port):
        self.port = port
        self.data = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")

    def init(self):
        run(
            as_postgres([pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust"]),
            stdout=subprocess.DEVNULL,
        )

    def pg_ctl(self, action, *extra):
        run(
            as_postgres([pg_bin("pg_ctl"), "-D", str(self.data), "-w", *extra, action]),
            stdout=subprocess.DEVNULL,
        )

    def start(self):
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data}"
        self.pg_ctl("start", "-l", str(self.data / "server.log"), "-o", options)

    def stop(self):
        self.pg_ctl("stop", "-m", "fast")

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.data, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg-port", type=int, default=54329)
    parser.add_argument("--web-port", type=int, default=8079)
    parser.add_argument("--statement-timeout", type=float, default=2.0)
    args = parser.parse_args()

    database_url = f"postgres://postgres@127.0.0.1:{args.pg_port}/newsarchive_bench"
    env = os.environ | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DATABASE_STATEMENT_TIMEOUT": str(args.statement_timeout),
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "CRITICAL",
    }
    base = f"http://127.0.0.1:{args.web_port}"
    cluster = Cluster(args.pg_port)
    server = None
    rows = []
    # collectstatic writes STATIC_ROOT; remove it afterwards only if we created it.
    static_root_existed = (ROOT / "staticfiles").exists()

    def probe(phase, expect):
        for path in ["/", "/tags/banking/"]:
            status, retry, seconds = get(base + path)
            rows.append((phase, path, status, retry or "", f"{seconds * 1000:.0f} ms"))
            mark = "ok" if status == expect else f"UNEXPECTED (wanted {expect})"
            print(
                f"{phase:<28} {path:<16} {status} Retry-After={retry or '-':<4} "
                f"{seconds * 1000:7.0f} ms  {mark}"
            )
            if status != expect:
                raise SystemExit(1)

    try:
        print("Starting a throwaway PostgreSQL on port", args.pg_port)
        cluster.init()
        cluster.start()
        admin = psycopg2.connect(
            host="127.0.0.1", port=args.pg_port, user="postgres", dbname="postgres"
        )
        admin.autocommit = True
        admin.cursor().execute("CREATE DATABASE newsarchive_bench")
        admin.close()
        run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env)
        run(
            [PYTHON, "manage.py", "load_demo_content"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
        )
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env)

        # bandit B603: our own gunicorn, on 127.0.0.1.
        server = subprocess.Popen(  # nosec B603
            [
                PYTHON,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{args.web_port}",
                "--access-logfile",
                "/dev/null",
                "newsarchive.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                get(base + "/")
                break
            except OSError:
                time.sleep(0.1)
        gunicorn_pid = server.pid

        probe("1. database up", 200)
        cluster.stop()
        probe("2. database stopped", 503)
        probe("2. database still stopped", 503)
        started = time.perf_counter()
        cluster.start()
        print(f"PostgreSQL started again in {time.perf_counter() - started:.1f} s")
        probe("3. database back", 200)
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped: the site did not survive the outage")

        locker = psycopg2.connect(
            host="127.0.0.1", port=args.pg_port, user="postgres", dbname="newsarchive_bench"
        )
        locker.cursor().execute("LOCK TABLE articles_article IN ACCESS EXCLUSIVE MODE")
        probe("4. table locked (slow db)", 503)
        locker.rollback()
        locker.close()
        probe("5. lock released", 200)
        print("\nRecovered by itself: same gunicorn master", gunicorn_pid, "throughout.")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        cluster.remove()
        if not static_root_existed:
            shutil.rmtree(ROOT / "staticfiles", ignore_errors=True)

    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    lines = ["phase\tpath\tstatus\tretry-after\ttime"] + ["\t".join(map(str, r)) for r in rows]
    (results / "db_down.tsv").write_text("\n".join(lines) + "\n")
    print("Results written to bench/results/db_down.tsv")


if __name__ == "__main__":
    main()
