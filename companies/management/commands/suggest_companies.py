from django.core.management.base import BaseCommand

from articles.models import Article
from companies.models import ArticleCompany
from companies.suggestions import current_matcher, suggest

BATCH = 500


class Command(BaseCommand):
    help = (
        "Suggest companies' mentions in every article again (after companies were added or "
        "renamed). Editors' confirmations and rejections are kept."
    )

    def handle(self, *args, **options):
        matcher = current_matcher()
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            suggest(Article.objects.filter(pk__in=ids[start : start + BATCH]), matcher)
        waiting = ArticleCompany.objects.filter(status=ArticleCompany.Status.SUGGESTED).count()
        self.stdout.write(f"{len(ids)} articles read; {waiting} mentions wait for an editor.")
