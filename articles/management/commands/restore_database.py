from django.core.management.base import BaseCommand, CommandError

from articles.backups import restore

from .backup_database import target_database


class Command(BaseCommand):
    help = (
        "Replace the database's content with a backup made by backup_database "
        "(pg_restore in one transaction on PostgreSQL; SQLite's backup API on SQLite)."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup file to restore.")
        parser.add_argument(
            "--database-url", help="Restore into this database instead of DATABASE_URL's."
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, backup, database_url=None, interactive=True, **options):
        settings_dict, connection = target_database(database_url)
        if interactive:
            answer = input(
                f"This replaces everything in the database {settings_dict['NAME']!s} with "
                f"the content of {backup}.\nType 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        restore(settings_dict, backup, connection)
        if connection is not None:
            # Connections opened before the restore may cache the old schema state.
            connection.close()
        self.stdout.write(self.style.SUCCESS(f"Restored {backup} into {settings_dict['NAME']}"))
