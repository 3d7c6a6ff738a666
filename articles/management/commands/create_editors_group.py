from django.core.management.base import BaseCommand

from articles.groups import EDITORS, ensure_editors_group


class Command(BaseCommand):
    help = (
        'Create or update the "Editors" group: edit articles and tags, moderate comments, '
        "no user management. Safe to run again; migrate runs it too."
    )

    def handle(self, *args, **options):
        group = ensure_editors_group()
        count = group.permissions.count()
        self.stdout.write(self.style.SUCCESS(f'Group "{EDITORS}" holds {count} permissions.'))
