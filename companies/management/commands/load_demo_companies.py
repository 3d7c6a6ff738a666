from django.core.management.base import BaseCommand

from companies.demo import load_demo_companies


class Command(BaseCommand):
    help = "Load the demo companies and confirm their mentions in the demo articles (idempotent)."

    def handle(self, *args, **options):
        created = load_demo_companies()
        self.stdout.write(self.style.SUCCESS(f"Demo companies: {created} created."))
