import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.models import Comment


class Command(BaseCommand):
    help = (
        "Erase the IP address and browser of comments older than COMMENT_IP_RETENTION_DAYS "
        "(default 30). They are kept only for flood checks and moderation. Run it daily "
        "from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep addresses this many days instead of COMMENT_IP_RETENTION_DAYS.",
        )

    def handle(self, *args, days=None, **options):
        days = settings.COMMENT_IP_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        count = (
            Comment.objects.filter(created_at__lt=cutoff)
            .exclude(ip_address__isnull=True, user_agent="")
            .update(ip_address=None, user_agent="")
        )
        self.stdout.write(
            f"Anonymised {count} comment(s) older than {days} day{'s' if days != 1 else ''}."
        )
