from django.core.management.base import BaseCommand

from articles.models import Article
from figures.extracting import write_figures
from figures.models import KeyFigure

BATCH = 500


class Command(BaseCommand):
    help = "Read the key figures of every article again (after the extractor changed)."

    def handle(self, *args, **options):
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            write_figures(Article.objects.filter(pk__in=ids[start : start + BATCH]))
        self.stdout.write(f"{len(ids)} articles read; {KeyFigure.objects.count()} key figures.")
