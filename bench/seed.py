"""Fill a database fast with a realistic archive for benchmarks.

    python bench/seed.py --articles 100000

Articles get bodies of about 900 words, five tags each from a vocabulary of 2,000, dates
spread over fifteen years (a few drafts and scheduled articles among them), and the
articles chosen with ``--commented`` get 100 approved comments, 30 of them replies, plus a
few pending ones that must stay hidden.

Rows go in with ``bulk_create`` in batches, which skips ``Article.save()``: the body is
sanitised and rendered here instead, once per distinct body, since the bodies are drawn
from a fixed set of generated texts; each batch is then added to the search index. Text
is generated from a fixed seed, so two runs with the same arguments build the same
archive (apart from ids).
"""

import argparse
import datetime
import itertools
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMPANIES = (
    "Harbourline Apex Northwind Meridian Crestview Bluewater Ironbridge Sterling Halcyon "
    "Redfern Oakmont Lumen Keystone Granite Vantage Silverline Brightwater Corvid Pinnacle "
    "Everstone Quarry Foxglove Tidewater Copperfield Ashgrove Larkspur Nimbus Orchard"
).split()
SECTORS = (
    "Banking Insurance Retail Energy Oil Gas Mining Shipping Aviation Rail Logistics "
    "Telecoms Software Semiconductors Pharmaceuticals Biotech Healthcare Housing Property "
    "Construction Agriculture Food Beverages Tourism Media Advertising Automotive "
    "Batteries Solar Wind Steel Chemicals Textiles Fashion Gaming Payments Fintech "
    "Venture-capital Private-equity Bonds Equities Currencies Commodities Gold Copper "
    "Lithium Water Utilities Defence Space Education Recruitment Consulting Tax Trade "
    "Tariffs Inflation Employment Wages Pensions"
).split()
QUALIFIERS = (
    "Europe Asia Africa Americas Germany France Japan India Brazil Canada Nigeria "
    "Indonesia Mexico Australia Korea Spain Italy Poland Turkey Egypt Chile Vietnam "
    "regulation mergers earnings start-ups strikes outlook exports imports subsidies "
    "investment layoffs listings dividends forecasts"
).split()
WORDS = (
    "the company said its quarterly revenue rose while costs fell and analysts expected "
    "margins to improve as demand recovered across regional markets investors welcomed "
    "guidance shares traded higher after the board approved a buyback programme funded "
    "from cash flow chief executive noted supply chains remained tight but prices eased "
    "regulators are reviewing the proposed merger which would create the largest "
    "operator in the sector unions warned about job cuts at two plants lenders agreed "
    "new terms on debt that matures next year the central bank kept interest rates "
    "unchanged citing inflation that is slowing but still above target exporters "
    "benefited from a weaker currency while importers faced higher input costs"
).split()
VERBS = (
    "raises|cuts|doubles|reviews|expands|sells|buys|delays|restarts|reshapes|invests in|"
    "exits|bets on|scales back"
).split("|")
OBJECTS = (
    "regional network|dividend|factory plans|stake in rival|bond issue|export targets|"
    "hiring plans|price guidance|battery plant|data centres|retail footprint|fleet|"
    "research budget|credit line"
).split("|")
FIRST_NAMES = "Ada Ben Chloé Dev Eun Farah Gus Hana Ivo Jana Kofi Lena Mateo Nia Omar".split()


class Rng(random.Random):
    def sentence(self, n_words):
        words = self.choices(WORDS, k=n_words)
        return " ".join(words).capitalize() + "."

    def paragraph(self, n_words):
        out, left = [], n_words
        while left > 0:
            n = min(left, self.randint(12, 24))
            out.append(self.sentence(n))
            left -= n
        return " ".join(out)


def body_templates(rng, count, words=900):
    """Distinct ~900-word bodies: ten paragraphs, a subheading, a quote, a link."""
    bodies = []
    for i in range(count):
        paragraphs = [rng.paragraph(words // 10) for _ in range(10)]
        paragraphs[1] = f"<em>{rng.sentence(8)}</em> " + paragraphs[1]
        paragraphs[4] = f"<h2>{rng.sentence(4)[:-1]}</h2>\n\n" + paragraphs[4]
        paragraphs.insert(6, f"<blockquote>{rng.sentence(20)}</blockquote>")
        paragraphs[8] += f' See <a href="https://example.com/report/{i}">the full report</a>.'
        bodies.append("\n\n".join(paragraphs))
    return bodies


def tag_names(count):
    names = [f"{s} {q}" for s, q in itertools.product(SECTORS, QUALIFIERS)]
    names = SECTORS + QUALIFIERS + names
    if count > len(names):
        names += [f"Topic {i}" for i in range(count - len(names))]
    return [n.replace("-", " ") for n in names[:count]]


def pick_tags(rng, tag_ids, weights, k):
    chosen = set()
    while len(chosen) < min(k, len(tag_ids)):
        chosen.update(rng.choices(tag_ids, weights=weights, k=k - len(chosen)))
    return chosen


def seed(
    articles=100_000,
    tags=2_000,
    tags_per_article=5,
    commented=20,
    comments_per_article=100,
    replies_per_article=30,
    batch_size=1_000,
    random_seed=2026,
    out=sys.stdout,
):
    """Insert the rows; returns a dict of what was created."""
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag

    from articles.html import render_body, sanitize
    from articles.models import Article, Comment, TaggedArticle
    from articles.search import index_articles

    rng = Rng(random_seed)
    started = time.monotonic()

    # Tags: reuse those that exist, add the rest.
    names = tag_names(tags)
    existing = {t.name.lower(): t.pk for t in Tag.objects.all()}
    new_tags = [Tag(name=n, slug=slugify(n)) for n in names if n.lower() not in existing]
    Tag.objects.bulk_create(new_tags, batch_size=batch_size)
    by_name = {t.name.lower(): t.pk for t in Tag.objects.filter(name__in=names)}
    tag_ids = [by_name[n.lower()] for n in names]
    # A few tags are common, most are rare, as on a real site.
    weights = [1 / (rank + 10) for rank in range(len(tag_ids))]

    templates = body_templates(rng, min(200, max(1, articles)))
    rendered = []
    for text in templates:
        clean = sanitize(text)
        rendered.append((clean, render_body(clean)))

    now = timezone.now()
    span = datetime.timedelta(days=15 * 365)
    first_number = (Article.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    commented_every = max(1, articles // commented) if commented else 0
    commented_ids = []
    created = 0
    for start in range(0, articles, batch_size):
        batch = []
        numbers = range(start, min(start + batch_size, articles))
        for i in numbers:
            n = first_number + i
            title = (
                f"{rng.choice(COMPANIES)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
                f"as {rng.choice(SECTORS).lower().replace('-', ' ')} "
                f"{rng.choice(['slows', 'rebounds', 'steadies', 'stalls', 'booms'])}"
            )
            body, body_html = rendered[i % len(rendered)]
            # The newest article comes first; a few are drafts, a few scheduled.
            published_at = now - span * (i / max(1, articles)) - datetime.timedelta(minutes=5)
            status = Article.Status.PUBLISHED
            if i % 97 == 13:
                status = Article.Status.DRAFT
            elif i % 211 == 29:
                published_at = now + datetime.timedelta(days=rng.randint(1, 30))
            batch.append(
                Article(
                    title=title,
                    slug=f"{slugify(title)[:250]}-{n}",
                    standfirst=rng.sentence(rng.randint(18, 30)),
                    body=body,
                    body_html=body_html,
                    byline=f"{rng.choice(FIRST_NAMES)} {rng.choice(COMPANIES)}son",
                    published_at=published_at,
                    status=status,
                    source_name=f"{rng.choice(COMPANIES)} Business Daily",
                    source_url=f"https://news.example.com/{n}",
                )
            )
        with transaction.atomic():
            Article.objects.bulk_create(batch)
            TaggedArticle.objects.bulk_create(
                [
                    TaggedArticle(content_object_id=article.pk, tag_id=tag_id)
                    for article in batch
                    for tag_id in pick_tags(rng, tag_ids, weights, tags_per_article)
                ]
            )
            # bulk_create skips the signals that keep the search index current.
            index_articles([article.pk for article in batch])
        for i, article in zip(numbers, batch, strict=True):
            if (
                commented_every
                and i % commented_every == 0
                and len(commented_ids) < commented
                and article.status == Article.Status.PUBLISHED
                and article.published_at <= now
            ):
                commented_ids.append(article.pk)
        created += len(batch)
        if created % (batch_size * 10) == 0 or created == articles:
            print(f"  {created:>9,} articles  {time.monotonic() - started:6.1f} s", file=out)

    n_comments = 0
    for article_id in commented_ids:
        n_comments += add_comments(
            rng, Comment, article_id, comments_per_article, replies_per_article, now
        )

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    summary = {
        "articles": created,
        "tags": len(tag_ids),
        "commented_articles": commented_ids,
        "comments": n_comments,
        "seconds": round(time.monotonic() - started, 1),
    }
    print(
        f"Seeded {created:,} articles, {len(tag_ids):,} tags, {n_comments:,} comments "
        f"on {len(commented_ids)} articles in {summary['seconds']} s.",
        file=out,
    )
    return summary


def add_comments(rng, Comment, article_id, total, replies, now):
    """`total` approved comments (`replies` of them replies), and a few pending ones."""
    start = now - datetime.timedelta(days=2)

    def comment(k, **fields):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(COMPANIES)}"
        paragraphs = (rng.paragraph(rng.randint(20, 60)) for _ in range(rng.randint(1, 3)))
        defaults = {
            "article_id": article_id,
            "author_name": name,
            "author_email": f"reader{k}@example.org",
            "author_url": "https://example.org/" if k % 4 == 0 else "",
            "body": "\n\n".join(paragraphs),
            "status": Comment.Status.APPROVED,
            "created_at": start + datetime.timedelta(minutes=k),
            "ip_address": "192.0.2.1",
        }
        return Comment(**(defaults | fields))

    top = Comment.objects.bulk_create([comment(k) for k in range(total - replies)])
    answers = [comment(total + k, parent_id=rng.choice(top).pk) for k in range(replies)]
    pending = [comment(2 * total + k, status=Comment.Status.PENDING) for k in range(5)]
    Comment.objects.bulk_create(answers + pending)
    return total + len(pending)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--tags", type=int, default=2_000, help="size of the tag vocabulary")
    parser.add_argument("--tags-per-article", type=int, default=5)
    parser.add_argument(
        "--commented", type=int, default=20, help="how many articles get 100 comments"
    )
    parser.add_argument("--batch-size", type=int, default=1_000)
    parser.add_argument("--random-seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.articles < 0 or args.tags < 1 or not 0 < args.tags_per_article <= args.tags:
        parser.error("--articles must be 0 or more, --tags-per-article between 1 and --tags")
    return seed(
        articles=args.articles,
        tags=args.tags,
        tags_per_article=args.tags_per_article,
        commented=args.commented,
        batch_size=args.batch_size,
        random_seed=args.random_seed,
    )


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()


if __name__ == "__main__":
    setup_django()
    main()
