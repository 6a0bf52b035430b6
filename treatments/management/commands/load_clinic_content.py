"""Load the clinic's shipped content: creates what is missing, never overwrites.

Staff own the content once it is in the database, so a record that already
exists (matched by its slug or name) is left exactly as staff left it, lists
and links included; of the clinic's details, only empty fields are filled.
Safe to run on every deploy.
"""

import json
from datetime import timedelta
from pathlib import Path

import reversion
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from treatments import models
from treatments.procedures.structure import LISTS as PROCEDURE_LISTS
from treatments.revisions import FIRST_REVISION_COMMENT

CONTENT_FILE = Path(__file__).resolve().parents[2] / "content" / "clinic_content.json"

# A treatment's lists: JSON key (the list's related name) -> model of one row. A row is
# an object of the model's fields, or a plain string for a one-line `text` row.
LISTS = {part.related_name: part.model for part in PROCEDURE_LISTS}
LINKS = ("conditions", "related", "reviewer")
# A shipped page has had no review by the clinic's specialists: its first is due this soon after loading.
FIRST_REVIEW_WITHIN_DAYS = 30


class Command(BaseCommand):
    help = "Create the clinic's shipped content where it is missing. Never changes what staff have edited."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=CONTENT_FILE, help="Content file (JSON).")

    @transaction.atomic
    @reversion.create_revision()  # What it creates is the first version staff compare their edits with.
    def handle(self, *args, file, verbosity, **options):
        reversion.set_comment(FIRST_REVISION_COMMENT)
        content = json.loads(file.read_text(encoding="utf-8"))
        self.created = []
        self.fill_clinic_details(content["clinic"])
        for data in content.get("specialists", []):
            self.create_missing(models.Specialist, "name", data)
        # A condition's "options": the slugs of the procedures that treat it, in the order guidance gives.
        option_order = {data["slug"]: data.get("options", []) for data in content.get("conditions", [])}
        for data in content.get("conditions", []):
            self.create_missing(
                models.Condition, "slug", {key: value for key, value in data.items() if key != "options"}
            )
        new_treatments = [
            (treatment, data)
            for data in content.get("treatments", [])
            if (treatment := self.create_treatment(data)) is not None
        ]
        # Links go in after every treatment exists, so a page can name one listed after it.
        for treatment, data in new_treatments:
            for condition in models.Condition.objects.filter(slug__in=data.get("conditions", [])):
                order = option_order.get(condition.slug, [])
                position = order.index(treatment.slug) + 1 if treatment.slug in order else len(order) + 1
                treatment.conditions.add(condition, through_defaults={"position": position})
            # Added, not set: the link goes both ways, and set() would drop one an earlier page made to this one.
            treatment.related_treatments.add(*models.Treatment.objects.filter(slug__in=data.get("related", [])))
            reversion.add_to_revision(treatment)  # Again, with its lists and links: bulk_create records nothing.
        summary = ", ".join(self.created) if self.created else "nothing: everything was already there"
        if verbosity:
            self.stdout.write(f"Created {summary}.")

    def fill_clinic_details(self, data):
        """Create the clinic's row, or fill in fields that are still empty (new fields, say)."""
        clinic = models.ClinicDetails.objects.filter(pk=1).first()
        if clinic is None:
            models.ClinicDetails.objects.create(**data)
            self.created.append("clinic details")
            return
        missing = [field for field, value in data.items() if not getattr(clinic, field)]
        if missing:
            models.ClinicDetails.objects.filter(pk=1).update(**{field: data[field] for field in missing})
            self.created.append(f"clinic details: {', '.join(missing)}")

    def create_missing(self, model, key, data):
        obj, created = model.objects.get_or_create(**{key: data[key]}, defaults=data)
        if created:
            self.created.append(f"{model._meta.verbose_name} '{obj}'")
        return obj if created else None

    def create_treatment(self, data):
        fields = {key: value for key, value in data.items() if key not in LISTS and key not in LINKS}
        if reviewer := data.get("reviewer"):
            fields["reviewer"] = models.Specialist.objects.get(name=reviewer)
        fields.setdefault("next_review_due", timezone.localdate() + timedelta(days=FIRST_REVIEW_WITHIN_DAYS))
        treatment = self.create_missing(models.Treatment, "slug", fields)
        if treatment is None:
            return None
        for key, model in LISTS.items():
            model.objects.bulk_create(
                model(treatment=treatment, position=position, **(row if isinstance(row, dict) else {"text": row}))
                for position, row in enumerate(data.get(key, []), 1)
            )
        return treatment
