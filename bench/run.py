"""Serve the site the way production does and measure every public page against the floor.

    DATABASE_URL=postgres://... CACHE_URL=redis://... .venv/bin/python bench/run.py

Steps: install wrk if missing (Debian's package), migrate, seed the database up to
``--articles`` with bench/seed.py, collect static files, start gunicorn with 3 workers and
production settings (DEBUG off), then for each page run wrk with ``--connections``
connections, after a short warm-up. Last, a mixed load until each worker has served
``--memory-requests`` requests on average, and the resident memory of every worker.

Prints a table and writes it with the machine's details as JSON in bench/results/.
It starts processes (apt-get, gunicorn, wrk) with fixed arguments and only talks to the
loopback, so bandit's subprocess and urlopen findings are marked nosec.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess  # nosec B404
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable

# Targets from the issue: a page for a new anonymous reader serves at least half the
# floor's requests per second, with a 99th percentile under 50 ms.
MIN_RATIO = 0.5
MAX_P99_MS = 50.0


def log(message):
    print(message, file=sys.stderr, flush=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("wrk is missing: installing Debian's package")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)  # nosec B603
    subprocess.run(  # nosec B603
        [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],
        check=True,
        env=os.environ | {"DEBIAN_FRONTEND": "noninteractive"},
    )


def server_env(args):
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
    env.setdefault("DATABASE_URL", f"sqlite:///{RESULTS / 'bench.sqlite3'}")
    env |= {
        "DEBUG": "0",
        "ROOT_URLCONF": "bench.urls",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on the loopback: the documented opt-out from the HTTPS defaults.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    return env


def ensure_database(env):
    """Create DATABASE_URL's PostgreSQL database when it does not exist yet."""
    address = urllib.parse.urlsplit(env["DATABASE_URL"])
    if not address.scheme.startswith("postgres"):
        return
    import psycopg2
    from psycopg2 import sql

    name = urllib.parse.unquote(address.path.lstrip("/"))
    try:
        connection = psycopg2.connect(
            host=address.hostname or "127.0.0.1",
            port=address.port or 5432,
            user=urllib.parse.unquote(address.username or "postgres"),
            password=urllib.parse.unquote(address.password or "") or None,
            dbname="postgres",
            connect_timeout=5,
        )
    except psycopg2.OperationalError as exc:
        sys.exit(f"PostgreSQL does not answer at {address.hostname}:{address.port}: {exc}")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            log(f"Creating the database {name}")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def manage(env, *command):
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)  # nosec B603


def django_query(env, code):
    """Run a snippet with Django set up; it prints JSON, which is returned."""
    script = (
        "import json, django; django.setup()\n"
        "from django.urls import reverse, NoReverseMatch\n" + code
    )
    result = subprocess.run(  # nosec B603
        [PYTHON, "-c", script],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "newsarchive.settings"},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


PICK_TARGETS = r"""
from django.db.models import Count, Q
from taggit.models import Tag
from articles.models import Article, Comment, TaggedArticle

def url(name, *args, **kwargs):
    try:
        return reverse(name, args=args, kwargs=kwargs)
    except NoReverseMatch:
        return None

def first(*candidates):
    return next((u for u in candidates if u), None)

published = Article.objects.published()
newest = published.order_by("-published_at").first()
commented = (
    Comment.objects.filter(status="approved", article__in=published)
    .values("article").annotate(n=Count("id")).order_by("-n").first()
)
article = Article.objects.get(pk=commented["article"]) if commented else newest
top_tag = TaggedArticle.objects.values("tag").annotate(n=Count("id")).order_by("-n").first()
tag = top_tag and Tag.objects.get(pk=top_tag["tag"])
month = newest.published_at if newest else None
n_comments = commented["n"] if commented else 0
search = first(url("articles:search"), url("search"))
targets = [
    ("floor", "/bench/floor/"),
    ("home", url("articles:article-list")),
    ("article, %d comments" % n_comments, article and article.get_absolute_url()),
    ("tag page", tag and url("articles:tag-detail", tag.slug)),
    ("month archive", month and first(
        url("articles:archive-month", year=month.year, month=month.month),
        url("articles:archive-month", year=month.year, month="%02d" % month.month),
    )),
    ("search", search and search + "?q=merger+investors"),
    ("feed", first(
        url("articles:feed-atom"), url("articles:feed"), url("articles:feed-rss"), url("feed")
    )),
]
print(json.dumps({
    "targets": targets,
    "articles": Article.objects.count(),
    "published": published.count(),
}))
"""


def count_articles(env):
    return django_query(
        env,
        "from articles.models import Article\nprint(json.dumps(Article.objects.count()))",
    )


def seed_up_to(env, articles):
    """Seed the database of ``env`` with bench/seed.py until it holds ``articles``."""
    existing = count_articles(env)
    if existing < articles:
        log(f"Seeding {articles - existing:,} articles (the database has {existing:,})")
        subprocess.run(  # nosec B603
            [PYTHON, "bench/seed.py", "--articles", str(articles - existing)],
            cwd=ROOT,
            # Indexing a batch can outlast the site's statement timeout on a busy machine.
            env={**env, "DATABASE_STATEMENT_TIMEOUT": "0"},
            check=True,
        )


def database_version(env):
    return django_query(
        env,
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SELECT version()' if connection.vendor == 'postgresql'"
        " else 'SELECT sqlite_version()')\n"
        "    print(json.dumps([connection.vendor, c.fetchone()[0]]))",
    )


def start_server(env, args):
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "--config",
        "gunicorn.conf.py",
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{args.port}",
        # Production recycles workers every ~2,000 requests; not here, so that the memory
        # reading is of workers that really served --memory-requests each.
        "--max-requests",
        "0",
        "newsarchive.wsgi",
    ]
    server = subprocess.Popen(  # nosec B603
        command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            health = f"http://127.0.0.1:{args.port}/healthz"
            with urllib.request.urlopen(health, timeout=5) as r:  # nosec B310
                if r.status == 200:
                    return server
        except OSError:  # refused, reset, or timed out (URLError is an OSError)
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before answering /healthz")
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz within 60 seconds")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def worker_pids(master_pid):
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M):
            pids.append(int(status.parent.name))
    return sorted(pids)


def rss_mb(pid):
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", text, re.M).group(1)) / 1024


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_duration_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * UNITS_MS[unit]


def parse_wrk(output):
    percentiles = {
        int(p): parse_duration_ms(v)
        for p, v in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+\w+)\s*$", output, re.M)
    }
    requests = int(re.search(r"^\s+(\d+) requests in", output, re.M).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "median_ms": percentiles.get(50),
        "p90_ms": percentiles.get(90),
        "p99_ms": percentiles.get(99),
        "requests": requests,
        # Timed-out requests are left out of wrk's latencies, so they count as errors.
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in socket.groups()) if socket else 0),
    }


def wrk(url, args, duration, script=None):
    command = [
        "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={duration}s",
        "--timeout=5s",
        "--latency",
    ]
    if script:
        command += ["--script", script]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)  # nosec B603
    return parse_wrk(result.stdout)


def check_page(base, path):
    """The page must answer 200 before it is measured; returns its size in bytes."""
    with urllib.request.urlopen(base + path, timeout=30) as response:  # nosec B310
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
        return len(response.read())


MIXED_LUA = """
paths = {%s}
i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def memory_phase(base, paths, args, server, already_served):
    """Mixed load until each worker has served `--memory-requests` on average."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(MIXED_LUA % ", ".join(json.dumps(p) for p in paths))
    served = already_served
    goal = args.memory_requests * args.workers
    try:
        while served < goal:
            served += wrk(base + paths[0], args, 10, script=script.name)["requests"]
    finally:
        os.unlink(script.name)
    pids = worker_pids(server.pid)
    return {
        "requests_served": served,
        "requests_per_worker": round(served / args.workers),
        "worker_rss_mb": [round(rss_mb(pid), 1) for pid in pids],
    }


def machine():
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        cpu = found.group(1) if found else cpu
    mem = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }


def table(results):
    lines = [
        "| page | path | req/s | median ms | p99 ms | ratio to floor | target met |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        if r.get("skipped"):
            lines.append(f"| {r['page']} | – | – | – | – | – | not built yet |")
            continue
        met = "(floor)" if r["page"] == "floor" else ("yes" if r["target_met"] else "**no**")
        errors = f" ({r['errors']} errors)" if r["errors"] else ""
        lines.append(
            f"| {r['page']} | `{r['path']}` | {r['requests_per_second']:,.0f}{errors} | "
            f"{r['median_ms']:.1f} | {r['p99_ms']:.1f} | {r['ratio_to_floor']:.2f} | {met} |"
        )
    return "\n".join(lines)


def add_load_arguments(parser, port):
    """The options every page benchmark takes: the archive's size, wrk's load, gunicorn."""
    parser.add_argument("--articles", type=int, default=100_000, help="seed up to this many")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per page")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=port, help="gunicorn's port")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_load_arguments(parser, port=8765)
    parser.add_argument(
        "--memory-requests",
        type=int,
        default=20_000,
        help="requests per worker (on average) before worker memory is read; 0 skips",
    )
    args = parser.parse_args(argv)

    RESULTS.mkdir(exist_ok=True)
    ensure_wrk()
    env = server_env(args)
    ensure_database(env)
    log("Migrating and collecting static files")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    seed_up_to(env, args.articles)
    picked = django_query(env, PICK_TARGETS)
    vendor, version = database_version(env)
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "database": {"vendor": vendor, "version": version},
        "cache": env.get("CACHE_URL") or env.get("REDIS_URL") or "locmem:// (per process)",
        "articles": picked["articles"],
        "published_articles": picked["published"],
        "workers": args.workers,
        "connections": args.connections,
        "duration_s": args.duration,
        "results": [],
    }
    base = f"http://127.0.0.1:{args.port}"
    server = start_server(env, args)
    served = 0
    try:
        for page, path in picked["targets"]:
            if not path:
                report["results"].append({"page": page, "skipped": True})
                continue
            size = check_page(base, path)
            log(f"Measuring {page}: {path}")
            served += wrk(base + path, args, args.warmup)["requests"]
            measured = wrk(base + path, args, args.duration)
            served += measured["requests"]
            report["results"].append({"page": page, "path": path, "bytes": size, **measured})
        floor_rps = report["results"][0]["requests_per_second"]
        for r in report["results"]:
            if r.get("skipped"):
                continue
            r["ratio_to_floor"] = round(r["requests_per_second"] / floor_rps, 3)
            r["target_met"] = (
                r["ratio_to_floor"] >= MIN_RATIO and r["p99_ms"] < MAX_P99_MS and not r["errors"]
            )
        if args.memory_requests:
            paths = [r["path"] for r in report["results"][1:] if not r.get("skipped")]
            log("Mixed load for the memory reading")
            report["memory"] = memory_phase(base, paths, args, server, served)
    finally:
        stop_server(server)

    report["table"] = table(report["results"])
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    for name in (f"{vendor}-{stamp}.json", f"latest-{vendor}.json"):
        (RESULTS / name).write_text(json.dumps(report, indent=2) + "\n")
    m = report["machine"]
    print(
        f"\n{vendor} {version.split(' on ')[0]}, {report['articles']:,} articles, "
        f"cache {report['cache']}, {args.workers} gunicorn workers, "
        f"wrk {args.connections} connections x {args.duration} s\n"
        f"{m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; "
        f"load average before: {m['load_average_before']}\n"
    )
    print(report["table"])
    if "memory" in report:
        mem = report["memory"]
        print(
            f"\nWorker memory after {mem['requests_served']:,} requests "
            f"(~{mem['requests_per_worker']:,} per worker): "
            + ", ".join(f"{x} MB" for x in mem["worker_rss_mb"])
        )
    print(f"\nJSON: bench/results/latest-{vendor}.json")
    return report


if __name__ == "__main__":
    main()
