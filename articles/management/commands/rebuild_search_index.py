from django.core.management.base import BaseCommand
from django.db import connection, transaction

from articles.models import Article
from articles.search import index_articles


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index of every article (after a bulk import that "
        "bypassed Article.save(), or a change of search configuration)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            index_articles()
        if connection.vendor == "postgresql":
            # The words' statistics size a search's first window (search.postgres): fresh
            # now, rather than when autovacuum next gets to the table.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(Article._meta.db_table)}")
        count = Article.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} articles."))
