import sys

from django.core.management.base import BaseCommand

from treatments import waiting_on_staff
from treatments.models import ClinicDetails
from treatments.models.procedures import REVIEW_DUE_SOON_DAYS


class Command(BaseCommand):
    help = (
        f"List pages whose medical review is past or due within {REVIEW_DUE_SOON_DAYS} days, and count consultation "
        "requests waiting longer than the clinic's reply promise. Exits 1 when any review is overdue."
    )

    def handle(self, *args, **options):
        due = waiting_on_staff.reviews_due()
        if due:
            self.stdout.write(f"Medical reviews due (past or within {REVIEW_DUE_SOON_DAYS} days), most urgent first:")
            for review in due:
                flag = "OVERDUE" if review.overdue else "soon"
                self.stdout.write(
                    f"- [{flag}] {review.treatment.title}: next review {review.due.isoformat()}, {review.when}. "
                    f"Edit: {review.edit_url}"
                )
        else:
            self.stdout.write(f"No medical review is due in the next {REVIEW_DUE_SOON_DAYS} days.")
        # Only a count: this output goes to cron mail and monitoring, which must never see who wrote to the clinic.
        clinic = ClinicDetails.load()
        late = waiting_on_staff.overdue_request_count(clinic=clinic)
        self.stdout.write(f"Consultation requests waiting longer than {clinic.reply_within}: {late}")
        overdue = sum(review.overdue for review in due)
        if overdue:
            self.stderr.write(f"{overdue} medical review(s) overdue.")
            sys.exit(1)
