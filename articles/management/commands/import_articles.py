"""Import saved article pages and WordPress exports into the archive.

Each file is detected from its content, imported in its own transaction (a bad file
writes nothing; the others still import; with --atomic the whole run is one transaction)
and reported on one line, with the reason and line number when it fails. The command ends
with a summary and a non-zero exit status when any file failed or any post was refused.
"""

import collections
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils import timezone
from tqdm import tqdm

from articles.importers import capture, feed, text
from articles.importers.base import SourceError, detect_format, http_url, iter_files
from articles.importers.media import MediaImport
from articles.importers.provenance import CaptureRestore
from articles.importers.store import ArticleStore
from articles.importers.wxr import WxrReader
from articles.models import SourceFormat

# The formats read from the web, each one function (path, store, options, tz, progress).
WEB_IMPORTERS = {
    SourceFormat.HTML: capture.import_html,
    SourceFormat.WARC: capture.import_warc,
    SourceFormat.FEED: feed.import_feed,
}

# Without a terminal, a plain progress line every so many posts.
PLAIN_PROGRESS_EVERY = 1000


class Command(BaseCommand):
    help = (
        "Import saved article pages (text or HTML), WordPress WXR exports, WARC web archives "
        "(.warc, .warc.gz) and RSS/Atom feeds. PATH may be files "
        "or folders (read recursively); each file's format is detected from its content."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )
        parser.add_argument(
            "--source-url",
            default="",
            help="The original address of the saved page being imported (one page only).",
        )
        parser.add_argument(
            "--source-name",
            default="",
            help="The publication the articles come from (a WXR export names its site itself).",
        )
        parser.add_argument(
            "--keep-repeated-paragraphs",
            action="store_true",
            help="Keep a saved page's paragraph that repeats an earlier one (a pull quote); "
            "by default it is dropped. Either way it is reported.",
        )
        parser.add_argument(
            "--no-categories",
            action="store_true",
            help="Do not turn WordPress categories into tags (tags are always imported).",
        )
        parser.add_argument(
            "--media-dir",
            type=Path,
            metavar="DIR",
            help="A copy of the WordPress site's wp-content/uploads folder: attachments found "
            "there become library images, and featured images become lead images. For saved "
            "pages and WARC files: pictures the capture does not hold, as wget -p saves them "
            "(DIR/host/path).",
        )
        parser.add_argument(
            "--captures-dir",
            type=Path,
            metavar="DIR",
            help="The folder export_articles --captures-dir wrote: the original captures of "
            "the exported articles get their bytes back (each checked against its SHA-256).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Rewrite articles even when their source has not changed since the last "
            "import, and overwrite one whose title, date and body all differ (refused "
            "otherwise, as probably another article under the same identity).",
        )
        parser.add_argument(
            "--atomic",
            action="store_true",
            help="All files or none: when any file fails or any post is refused, nothing "
            "from this run is written. By default each file is its own transaction.",
        )

    # The method that imports each format (the format is told from the file's content).
    importers = {
        SourceFormat.TEXT: "import_text",
        SourceFormat.WXR: "import_wxr",
    }

    def handle(self, *args, **options):
        self.options = options
        self.verbosity = options["verbosity"]
        if options["media_dir"]:
            options["media_dir"] = Path(options["media_dir"])  # also when called from code
        if options["media_dir"] and not options["media_dir"].is_dir():
            raise CommandError(f"--media-dir {options['media_dir']}: no such folder.")
        if options["captures_dir"]:
            options["captures_dir"] = Path(options["captures_dir"])
            if not options["captures_dir"].is_dir():
                raise CommandError(f"--captures-dir {options['captures_dir']}: no such folder.")
        files = list(iter_files(options["paths"]))
        if options["source_url"]:
            if not http_url(options["source_url"], 500):
                raise CommandError(
                    f"--source-url must be a web address starting with http:// or https:// "
                    f"(500 characters at most), not “{options['source_url'][:100]}”."
                )
            if len(files) != 1:
                raise CommandError(
                    f"--source-url is the address of one page, but {len(files)} files were given."
                )
        self.totals = collections.Counter()
        self.seen_in_run = {}
        self.rolled_back = False
        self.on_terminal = self.verbosity >= 1 and sys.stderr.isatty()
        # Several files on a terminal: a bar over the files, each file's line printed above it.
        self.files_bar = self.on_terminal and len(files) > 1
        started = time.monotonic()
        if options["atomic"]:
            with transaction.atomic():
                self.import_files(files)
                if self.totals["failed"] or self.totals["refused"]:
                    transaction.set_rollback(True)
                    self.rolled_back = True
        else:
            self.import_files(files)
        self.summary(len(files), time.monotonic() - started)

    def import_files(self, files):
        for path in tqdm(files, unit=" files", file=sys.stderr, disable=not self.files_bar):
            self.import_file(path)

    def say(self, line, stream=None):
        """Write a line without breaking a progress bar on the terminal."""
        with tqdm.external_write_mode():
            (stream or self.stdout).write(line)

    def import_file(self, path):
        try:
            fmt = capture.detect_format(path) or detect_format(path)
            with transaction.atomic():
                store = ArticleStore(
                    source_format=fmt,
                    source_path=path,
                    force=self.options["force"],
                    seen_in_run=self.seen_in_run,
                )
                if fmt in WEB_IMPORTERS:
                    notes, details = WEB_IMPORTERS[fmt](
                        path,
                        store,
                        options=self.options,
                        tz=timezone.get_current_timezone(),
                        progress=self.progress,
                    )
                else:
                    notes, details = getattr(self, self.importers[fmt])(path, store)
                if self.options["dry_run"]:
                    transaction.set_rollback(True)
        except SourceError as exc:
            return self.failed(path, str(exc))
        except OSError as exc:
            return self.failed(path, exc.strerror or str(exc))
        except DatabaseError as exc:
            return self.failed(path, f"the database refused it ({exc})".strip())
        self.seen_in_run.update(store.seen_here)
        for action in ("created", "updated", "unchanged", "skipped", "refused"):
            self.totals[action] += store.counts[action]
        self.totals["comments"] += store.counts["comments added"]
        self.totals["files"] += 1
        if self.verbosity >= 1:
            dry_run = ", dry run" if self.options["dry_run"] else ""
            self.say(f"{path} ({fmt.short_label}{dry_run}): {details}")
            for note in notes + store.notes:
                self.say(f"  {note}")
        return None

    def import_text(self, path, store):
        parsed, notes = text.parse(
            path,
            source_url=self.options["source_url"],
            source_name=self.options["source_name"],
            keep_repeats=self.options["keep_repeated_paragraphs"],
            tz=timezone.get_current_timezone(),
        )
        store.add(parsed)
        store.flush()
        verb = store.last_action
        if self.options["dry_run"] and verb != "unchanged":
            verb = f"would be {verb}"
        return notes, f"{verb} “{parsed.title}”"

    def import_wxr(self, path, store):
        reader = WxrReader(path, categories_as_tags=not self.options["no_categories"])
        if self.options["source_url"]:
            reader.notes.append("--source-url is not used: each post has its own link")
        for parsed in self.progress(reader.articles(), path.name):
            if self.options["source_name"]:
                parsed.source_name = self.options["source_name"]
            store.add(parsed)
        store.flush()

        counts = store.counts
        posts = sum(
            counts[action] for action in ("created", "updated", "unchanged", "skipped", "refused")
        )
        details = (
            f"{reader.items_read} items, {posts} posts: {counts['created']} created, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged"
        )
        if counts["refused"]:
            details += f", {counts['refused']} refused"
        skipped = reader.skipped + collections.Counter(
            {"repeated posts": counts["skipped"]} if counts["skipped"] else {}
        )
        self.totals["skipped"] += skipped.total() - counts["skipped"]
        if skipped:
            details += "; skipped " + _listing(skipped)
        details += f"; comments: {counts['comments added']} added"
        if counts["comments kept"]:
            details += f", {counts['comments kept']} already there"
        comments_skipped = reader.comments_skipped + collections.Counter(
            {"repeated comments": counts["comments repeated"]}
            if counts["comments repeated"]
            else {}
        )
        if comments_skipped:
            details += ", skipped " + _listing(comments_skipped)
        if self.options["media_dir"]:
            media = MediaImport(self.options["media_dir"], dry_run=self.options["dry_run"])
            details += "; " + media.run(reader).summary()
            reader.notes.extend(media.notes)
        if reader.captures:
            # An export of this archive: the original captures' provenance (and bytes).
            restore = CaptureRestore(self.options["captures_dir"])
            details += "; " + restore.run(reader.captures, store.left_alone).summary()
            reader.notes.extend(restore.notes)
        return reader.notes, details

    def progress(self, articles, name):
        """A bar with count and rate on a terminal; plain lines every so often otherwise."""
        if self.verbosity < 1:
            yield from articles
        elif self.on_terminal:
            yield from tqdm(
                articles, desc=name, unit=" posts", file=sys.stderr, leave=not self.files_bar
            )
        else:
            started = time.monotonic()
            for count, article in enumerate(articles, start=1):
                if count % PLAIN_PROGRESS_EVERY == 0:
                    rate = count / max(time.monotonic() - started, 1e-6)
                    self.stdout.write(f"  {name}: {count:,} posts read ({rate:,.0f}/s)")
                yield article

    def failed(self, path, reason):
        self.totals["failed"] += 1
        self.say(f"{path}: FAILED, {reason}; nothing from this file was written.", self.stderr)

    def summary(self, file_count, seconds):
        t = self.totals
        refused = f"{t['refused']} refused, " if t["refused"] else ""
        line = (
            f"{file_count} file{'s' if file_count != 1 else ''} in {seconds:.1f} s: "
            f"{t['created']} created, {t['updated']} updated, {t['unchanged']} unchanged, "
            f"{t['skipped']} skipped, {refused}{t['failed']} failed; "
            f"{t['comments']} comments added."
        )
        if self.options["dry_run"]:
            line = "Dry run, nothing was written. " + line
        elif self.rolled_back:
            line = "--atomic: nothing was written, as not everything could be. " + line
        self.stdout.write(line)
        problems = []
        if t["failed"]:
            problems.append(
                f"{t['failed']} of {file_count} file{'s' if file_count != 1 else ''} failed"
            )
        if t["refused"]:
            problems.append(f"{t['refused']} post{'s' if t['refused'] != 1 else ''} refused")
        if problems:
            raise CommandError(" and ".join(problems).capitalize() + ".", returncode=1)


SINGULAR = {
    "pages": "page",
    "attachments": "attachment",
    "menu items": "menu item",
    "reusable blocks": "reusable block",
    "posts too long": "post too long",
    "repeated posts": "repeated post",
    "pingbacks and trackbacks": "pingback or trackback",
    "empty comments": "empty comment",
    "repeated comments": "repeated comment",
}


def _listing(counter):
    """'70 menu items, 1 page, 1 post with status “trash”'."""

    def one(reason):
        if reason in SINGULAR:
            return SINGULAR[reason]
        first, _, rest = reason.partition(" ")
        return f"{first.removesuffix('s')} {rest}"

    return ", ".join(
        f"{count} {one(reason) if count == 1 else reason}"
        for reason, count in counter.most_common()
    )
