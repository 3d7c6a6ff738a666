import dj_database_url
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from articles.backups import backup, suffix_for


def target_database(database_url):
    """The settings and open connection of the database to work on."""
    if database_url:
        return dj_database_url.parse(database_url), None
    connection = connections[DEFAULT_DB_ALIAS]
    return connection.settings_dict, connection


class Command(BaseCommand):
    help = (
        "Back up the database while the site runs: pg_dump (custom format) on PostgreSQL, "
        "SQLite's online backup API on SQLite."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="File to write (default: backups/newsarchive-<UTC time>.dump or .sqlite3).",
        )
        parser.add_argument(
            "--database-url", help="Back up this database instead of DATABASE_URL's."
        )

    def handle(self, *args, output=None, database_url=None, **options):
        settings_dict, connection = target_database(database_url)
        if not output:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = f"backups/newsarchive-{stamp}{suffix_for(settings_dict)}"
        written = backup(settings_dict, output, connection)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written}"))
