import sys

from django.core.management.base import BaseCommand

from treatments.go_live import problems


class Command(BaseCommand):
    help = "List what must be replaced before patients see the site (placeholders, unreviewed pages). Exits 1 if any."

    def handle(self, *args, **options):
        found = problems()
        for problem in found:
            self.stdout.write(f"- {problem}")
        if found:
            self.stderr.write(f"{len(found)} thing(s) to replace before going live.")
            sys.exit(1)
        self.stdout.write("Ready to go live: no placeholders and every published page is reviewed.")
