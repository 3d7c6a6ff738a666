"""What each optimisation of the PostgreSQL search buys, in one run (bench/search.py --ablate).

On the benchmark's PostgreSQL database (filled as bench/search.py fills it), with the page
cache off:

1. the uncached home page, the yardstick of the targets (search median <= 1.5x and p95 <= 2x
   the home page's, measured in the same run);
2. the 50 searches with every optimisation on, then with and without each one in turn
   (articles/search/switches.py), alternately, then all on again, to show the run's own
   noise; for the switches that change only some searches (the phrase keys, the tag
   filter) those searches are also summed up apart;
3. the index's size: the GIN index, each stored column, and a GIN index of the keys alone
   (built and dropped here: the keys' share of the index);
4. the cost of writing: an article saved (and reindexed), and each stored column computed
   alone, per article.
"""

import contextlib
import json
import statistics
import time

from bench.searchcorpus import Corpus, queries
from bench.searchtiming import (
    PG_URL,
    RESULTS,
    ROOT,
    ensure_pg_database,
    indexed,
    percentile,
    setup_django,
)


def phrase_searches(params):
    return '"' in params["q"]


def tagged_searches(params):
    # The tag filter's own searches; the facets of every search read the tag ids too.
    return "tag" in params


# (switch, what it is, the searches it changes most, or None: all alike)
ABLATIONS = [
    ("pair_keys", "adjacent-pair keys", phrase_searches),
    ("rank_head", "second ranking vector (search_head)", None),
    ("python_snippets", "snippets in Python (PyStemmer) vs ts_headline", None),
    ("tag_keys", "tag ids beside the index (filter and facets)", tagged_searches),
    ("estimate", "first window sized from the statistics (vs the smallest first)", None),
]
HOME_REPEAT = 50
SAVES = 50
COLUMN_SAMPLE = 500


def summary(page_ms, db_ms):
    return {
        "median": statistics.median(page_ms),
        "p95": percentile(page_ms, 95),
        "db_median": statistics.median(db_ms),
        "db_p95": percentile(db_ms, 95),
    }


def measure(searches, only=None, switch=None, repeat=3, home=False):
    """The searches timed with every optimisation on and, if `switch` is given, with that
    one off: alternately, search by search, so that a change in the machine's load falls
    on both alike. {"with": ..., "without": ...}, each summed up for all searches and for
    those `only` chooses. With `home`, the uncached home page is timed between the searches
    (each request of it timed, {"home": ...}), for the ratios the targets are."""
    from django.db import connection
    from django.test import Client

    from articles.search import clear_caches, switches

    db_time = [0.0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_time[0] += time.perf_counter() - started

    from django.urls import reverse

    home_url, home_ms = reverse("articles:article-list"), []
    settings = {"with": contextlib.nullcontext}
    if switch is not None:
        settings["without"] = lambda: switches.switched_off(switch)
    client = Client()
    page_ms = {key: [] for key in settings}
    db_ms = {key: [] for key in settings}
    clear_caches()
    with connection.execute_wrapper(timed):
        for params in searches:
            pages = {key: [] for key in settings}
            dbs = {key: [] for key in settings}
            for attempt in range(repeat + 1):
                for key, setting in settings.items():
                    with setting():
                        db_time[0] = 0.0
                        started = time.perf_counter()
                        response = client.get("/search/", params)
                        elapsed = (time.perf_counter() - started) * 1000
                    assert response.status_code == 200, params  # nosec B101: our own check
                    if attempt:  # the first of each is the warm-up
                        pages[key].append(elapsed)
                        dbs[key].append(db_time[0] * 1000)
                if home:
                    started = time.perf_counter()
                    response = client.get(home_url)
                    home_ms.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200  # nosec B101: our own check
            for key in settings:
                page_ms[key].append(statistics.median(pages[key]))
                db_ms[key].append(statistics.median(dbs[key]))
    result = {"home": summary(home_ms, home_ms)} if home else {}
    for key in settings:
        result[key] = {"all": summary(page_ms[key], db_ms[key])}
        if only is not None:
            chosen = [i for i, params in enumerate(searches) if only(params)]
            affected = summary([page_ms[key][i] for i in chosen], [db_ms[key][i] for i in chosen])
            result[key]["affected"] = {**affected, "searches": len(chosen)}
    return result


def time_home():
    from django.test import Client
    from django.urls import reverse

    client, url = Client(), reverse("articles:article-list")
    client.get(url)
    times = []
    for _ in range(HOME_REPEAT):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200  # nosec B101: the benchmark's own check
    return {"median": statistics.median(times), "p95": percentile(times, 95)}


def sizes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_relation_size('article_search_vector_idx'), "
            "sum(pg_column_size(search_vector)), sum(pg_column_size(search_head)), "
            "sum(pg_column_size(search_keys)), sum(pg_column_size(search_tags)) "
            "FROM articles_article"
        )
        index, vector, head, keys, tags = cursor.fetchone()
        started = time.perf_counter()
        cursor.execute("CREATE INDEX bench_keys_only ON articles_article USING gin (search_keys)")
        cursor.execute("SELECT pg_relation_size('bench_keys_only')")
        keys_index = cursor.fetchone()[0]
        cursor.execute("DROP INDEX bench_keys_only")
        print(f"  keys-only index built in {time.perf_counter() - started:.0f} s")
    return {
        "gin_index": index,
        "keys_only_gin_index": keys_index,
        "search_vector": vector,
        "search_head": head,
        "search_keys": keys,
        "search_tags": tags,
    }


# Each stored column computed alone for a sample of articles, as index_articles() computes it.
COLUMN_COSTS = {
    "search_head (title, tags, standfirst)": """
        SELECT sum(length(
            setweight(to_tsvector('english', title), 'A')
            || setweight(to_tsvector('english', coalesce((SELECT string_agg(t.name, ' ')
                FROM articles_taggedarticle ta JOIN taggit_tag t ON t.id = ta.tag_id
                WHERE ta.content_object_id = articles_article.id), '')), 'B')
            || setweight(to_tsvector('english', standfirst), 'C')))
        FROM articles_article WHERE id = ANY(%s)""",
    "search_vector (with the body)": """
        SELECT sum(length(setweight(to_tsvector('english', body), 'D')
            || setweight(to_tsvector('english', title), 'A')))
        FROM articles_article WHERE id = ANY(%s)""",
    "search_keys (from the vector)": """
        SELECT sum(length(articles_search_keys(search_vector, ARRAY(
            SELECT tag_id FROM articles_taggedarticle
            WHERE content_object_id = articles_article.id))))
        FROM articles_article WHERE id = ANY(%s)""",
    "search_tags (tag ids)": """
        SELECT count((SELECT string_agg(tag_id::text, ' ' ORDER BY tag_id)
            FROM articles_taggedarticle WHERE content_object_id = articles_article.id))
        FROM articles_article WHERE id = ANY(%s)""",
}


def write_costs():
    from django.db import connection, transaction

    from articles.models import Article

    ids = list(Article.objects.order_by("?").values_list("pk", flat=True)[:COLUMN_SAMPLE])
    costs = {}
    with connection.cursor() as cursor:
        for name, sql in COLUMN_COSTS.items():
            cursor.execute(sql, [ids])  # warm the pages
            started = time.perf_counter()
            cursor.execute(sql, [ids])
            costs[name] = (time.perf_counter() - started) * 1000 / len(ids)
    with transaction.atomic():
        articles = list(Article.objects.filter(pk__in=ids[:SAVES]))
        started = time.perf_counter()
        for article in articles:
            article.save()
        costs["article save (with reindex)"] = (time.perf_counter() - started) * 1000 / SAVES
        transaction.set_rollback(True)
    return costs


def ablate(count):
    ensure_pg_database()
    setup_django(PG_URL, CACHE_URL="locmem://", PAGE_CACHE_TIMEOUT="0")
    from django.db import connection

    from articles.models import Article

    corpus = Corpus()
    print(f"postgresql: {count:,} articles, each optimisation off in turn")
    # Never fills: a run that measures must not start by deleting a filled database.
    if Article.objects.count() != count or indexed(connection) != count:
        raise SystemExit(f"Fill the database first: bench/search.py --articles {count}")
    searches = queries(corpus, count)
    report = {"articles": count, "home_alone": time_home()}
    print(f"  uncached home page: {report['home_alone']}")
    measured = measure(searches, home=True)
    report["home"], report["all_on"] = measured["home"], measured["with"]
    print(f"  all on: {report['all_on']['all']}, home page between: {report['home']}")
    report["ablations"] = {}
    for name, label, only in ABLATIONS:
        report["ablations"][name] = {"label": label, **measure(searches, only, name)}
        print(f"  {label}: {report['ablations'][name]}")
    measured = measure(searches, home=True)
    report["home_again"], report["all_on_again"] = measured["home"], measured["with"]
    report["sizes"] = sizes()
    report["write_ms_per_article"] = write_costs()
    out = RESULTS / "search-ablation.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"  everything: {out.relative_to(ROOT)}\n")
    print(table(report))


def table(report):
    lines = [
        f"Uncached home page alone: median {report['home_alone']['median']:.1f} ms, "
        f"p95 {report['home_alone']['p95']:.1f} ms.",
        "",
        "| optimisation | median with / without (ms) | p95 with / without (ms) "
        "| database median with / without (ms) | searches it changes: median, p95 with / without |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for row in report["ablations"].values():
        w, wo = row["with"]["all"], row["without"]["all"]
        affected = ""
        if "affected" in row["with"]:
            a, ao = row["with"]["affected"], row["without"]["affected"]
            affected = (
                f"{a['searches']} searches: {a['median']:.1f} / {ao['median']:.1f}, "
                f"{a['p95']:.1f} / {ao['p95']:.1f}"
            )
        lines.append(
            f"| {row['label']} | {w['median']:.1f} / {wo['median']:.1f} "
            f"| {w['p95']:.1f} / {wo['p95']:.1f} "
            f"| {w['db_median']:.1f} / {wo['db_median']:.1f} | {affected or 'all 50'} |"
        )
    for key, home_key in (("all_on", "home"), ("all_on_again", "home_again")):
        s, home = report[key]["all"], report[home_key]
        lines.append(
            f"\n{key}: median {s['median']:.1f} ms ({s['median'] / home['median']:.2f}x home), "
            f"home page between them median {home['median']:.1f} ms, p95 {home['p95']:.1f} ms; "
            f"p95 {s['p95']:.1f} ms ({s['p95'] / home['p95']:.2f}x home p95, "
            f"{s['p95'] / home['median']:.2f}x home median)"
        )
    mb = {k: v / 1e6 for k, v in report["sizes"].items()}
    lines.append("\nSizes (MB): " + ", ".join(f"{k} {v:.1f}" for k, v in mb.items()))
    lines.append(
        "Write (ms per article): "
        + ", ".join(f"{k} {v:.2f}" for k, v in report["write_ms_per_article"].items())
    )
    return "\n".join(lines)
