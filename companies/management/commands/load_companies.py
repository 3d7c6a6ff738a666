from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from companies.loading import CompanyListError, load, read_rows


class Command(BaseCommand):
    help = (
        "Load companies from a CSV list with the columns name, aliases, ticker, exchange "
        '(aliases separated by "|" or ";"; one row per listing). Existing companies, found by '
        "name, gain the new aliases and tickers."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help="The CSV file (UTF-8).")
        parser.add_argument(
            "--suggest",
            action="store_true",
            help="Then suggest the companies' mentions in every article (see suggest_companies).",
        )

    def handle(self, *args, csv_file, **options):
        try:
            text = Path(csv_file).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {csv_file}: {error.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{csv_file} is not UTF-8 text.") from None
        try:
            counts = load(read_rows(text))
        except CompanyListError as error:
            raise CommandError(f"{csv_file}: {error} Nothing was loaded.") from None
        self.stdout.write(
            f"{counts['created']} companies created, {counts['updated']} updated, "
            f"{counts['tickers']} tickers added."
        )
        if options["suggest"]:
            from django.core.management import call_command

            call_command("suggest_companies", stdout=self.stdout)
