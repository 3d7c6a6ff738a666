from django.core.management.base import BaseCommand

from articles.groups import GROUPS, ensure_group


class Command(BaseCommand):
    help = (
        'Create or update the "Editors" group (edit and publish articles, edit tags, moderate '
        'comments) and the "Contributors" group (write articles and submit them for review). '
        "No user management. Safe to run again; migrate runs it too."
    )

    def handle(self, *args, **options):
        for name in GROUPS:
            group = ensure_group(name)
            count = group.permissions.count()
            self.stdout.write(self.style.SUCCESS(f'Group "{name}" holds {count} permissions.'))
