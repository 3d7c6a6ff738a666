import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from images.cleanup import find_orphans


class Command(BaseCommand):
    help = (
        "Find the files under the originals and renditions folders that no image has and no "
        "article body shows (a failed upload, an aborted import, renditions of an older "
        "processing version) and, with --delete, remove them. Without --delete it only lists "
        "them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete", action="store_true", help="Remove the files found (default: list them)."
        )
        parser.add_argument(
            "--min-age",
            type=float,
            default=1.0,
            metavar="HOURS",
            help="Leave files younger than this (default 1 hour): an upload's file is written "
            "before its image is committed.",
        )

    def handle(self, *args, **options):
        if not 0 <= options["min_age"] <= 24 * 365:
            raise CommandError("--min-age is a number of hours, from 0 to 8760.")
        report = find_orphans(datetime.timedelta(hours=options["min_age"]))
        verb = "Removed" if options["delete"] else "Would remove"
        for name in report.orphans:
            if options["delete"]:
                default_storage.delete(name)
            if options["verbosity"] >= 1:
                self.stdout.write(f"{verb.lower()} {name}")
        summary = (
            f"{report.checked} files checked: {len(report.orphans)} orphaned"
            f"{' (removed)' if options['delete'] else ''}, "
            f"{report.shown} kept because an article body shows them, "
            f"{len(report.too_recent)} too recent to judge."
        )
        if report.orphans and not options["delete"]:
            summary += " Nothing was removed: run again with --delete to remove them."
        self.stdout.write(summary)
