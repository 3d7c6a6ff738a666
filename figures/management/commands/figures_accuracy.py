from django.core.management.base import BaseCommand, CommandError

from figures.accuracy import CORPUS, load_corpus, score

TARGET = 0.95


class Command(BaseCommand):
    help = (
        "Measure the key-figure extractor on the corpus of phrasings (figures/corpus.jsonl): "
        "print precision and recall, and fail if either is below 0.95."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpus", default=str(CORPUS), help="Another corpus file (JSONL).")
        parser.add_argument(
            "--mistakes", action="store_true", help="List each phrasing read wrongly."
        )

    def handle(self, *args, **options):
        try:
            entries = load_corpus(options["corpus"])
        except OSError as error:
            raise CommandError(f"Cannot read the corpus: {error.strerror}.") from None
        except ValueError as error:
            raise CommandError(f"The corpus is not valid JSON lines: {error}.") from None
        result = score(entries)
        if options["mistakes"]:
            for text, extra, missed in result.mistakes:
                self.stdout.write(f"{text}\n  found, not expected: {extra}\n  missed: {missed}")
        self.stdout.write(
            f"{result.phrasings} phrasings, {result.true_positives} figures right, "
            f"{result.false_positives} wrong, {result.false_negatives} missed\n"
            f"precision {result.precision:.3f}\nrecall    {result.recall:.3f}"
        )
        if min(result.precision, result.recall) < TARGET:
            raise CommandError(f"Precision and recall must each be at least {TARGET}.")
