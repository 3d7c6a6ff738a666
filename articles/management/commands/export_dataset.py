"""Export published articles as a research dataset (JSON Lines, CSV or Parquet)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from articles.exporters import dataset
from articles.models import Article, published_between

from .export_articles import Command as WxrCommand

WRITERS = {"jsonl": dataset.write_jsonl, "csv": dataset.write_csv}


class Command(BaseCommand):
    help = (
        "Write the published articles, or a filtered part of them, as JSON Lines, CSV or "
        "Parquet, one record per article with its provenance (source address, archived date, "
        "SHA-256). Read and written in chunks: memory stays flat for any size of archive. "
        "Comments and personal data are never included."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
        parser.add_argument(
            "-o",
            "--output",
            default="-",
            help="The file (default: standard output; Parquet needs a file).",
        )
        parser.add_argument(
            "--site-url",
            default="",
            help="The archive's address for each record's url "
            "(default: https:// and the first of ALLOWED_HOSTS; required when there is none).",
        )
        parser.add_argument(
            "--since", type=day, help="Published on or after this day (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--until", type=day, help="Published on or before this day (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--tag",
            action="append",
            default=[],
            help="Only articles with this tag slug (repeatable: any of them).",
        )
        parser.add_argument(
            "--query",
            default="",
            help="Only articles matching this search (the search page's syntax).",
        )

    def handle(self, *args, **options):
        site_url = (options["site_url"] or self.default_site_url()).rstrip("/")
        if not site_url.startswith(("http://", "https://")):
            raise CommandError(f"--site-url must be an http(s) address, not “{site_url}”.")
        articles = self.selected(options)
        fmt, output = options["format"], options["output"]
        if fmt == "parquet" and output == "-":
            raise CommandError("Parquet is a binary file format: give a file with -o.")
        rows = dataset.records(articles, site_url)
        try:
            if fmt == "parquet":
                count = dataset.write_parquet(rows, output)
            elif output == "-":
                # Lines are written whole, with their own ends.
                self.stdout.ending = ""
                count = WRITERS[fmt](rows, self.stdout)
            else:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    count = WRITERS[fmt](rows, out)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}") from None
        if output != "-":
            self.stderr.write(
                f"{count} article{'s' if count != 1 else ''} written to {output} ({fmt})."
            )

    def selected(self, options):
        articles = Article.objects.published()
        articles = published_between(articles, options["since"], options["until"])
        if options["tag"]:
            articles = articles.filter(tags__slug__in=options["tag"]).distinct()
        if options["query"].strip():
            articles = articles.search(options["query"]).all_matches()
        return articles

    def default_site_url(self):
        url = WxrCommand.default_base_url()
        if url is None:
            raise CommandError(
                "ALLOWED_HOSTS names no host to build the records' addresses from: "
                "give --site-url https://your.archive.example"
            )
        return url


def day(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not a date: {value}") from None
