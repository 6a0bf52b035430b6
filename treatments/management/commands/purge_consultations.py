from django.conf import settings
from django.core.management.base import BaseCommand

from treatments.models import ConsultationRequest


class Command(BaseCommand):
    help = (
        "Delete consultation requests that are closed, not suitable or spam and were received more than "
        "CONSULTATION_RETENTION_DAYS ago. The only way requests are ever deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be deleted; delete nothing.")

    def handle(self, *args, dry_run, **options):
        purgeable = ConsultationRequest.objects.purgeable()
        count = purgeable.count()
        days = settings.CONSULTATION_RETENTION_DAYS
        if dry_run:
            for reference, status in purgeable.values_list("reference", "status"):
                self.stdout.write(f"Would delete {reference} ({status})")
            self.stdout.write(f"Would delete {count} request(s) older than {days} days. Nothing was deleted.")
            return
        purgeable.delete()
        self.stdout.write(f"Deleted {count} request(s) older than {days} days.")
