from django.core.management.base import BaseCommand

from copies.rebuild import rebuild


class Command(BaseCommand):
    help = (
        "Fingerprint every article again and rebuild the groups of syndicated copies from "
        "scratch (editors' canonical choices and splits are kept). Flat memory."
    )

    def handle(self, *args, **options):
        def progress(done):
            if options["verbosity"] > 1:
                self.stderr.write(f"{done} articles fingerprinted")

        groups = rebuild(progress)
        self.stdout.write(f"{groups} group{'s' if groups != 1 else ''} of copies.")
