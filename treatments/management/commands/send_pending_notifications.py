from django.core.management.base import BaseCommand

from treatments.consultations.notifications import send_pending


class Command(BaseCommand):
    help = "Send consultation emails that could not be sent before. Safe to run from cron: each goes out once."

    def handle(self, *args, **options):
        sent, failed = send_pending()
        self.stdout.write(f"Sent {sent} notification(s); {failed} still pending.")
        if failed:
            raise SystemExit(1)
