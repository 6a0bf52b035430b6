from django.core.management.base import BaseCommand

from treatments.models import Condition, Treatment
from treatments.procedures.readability import TARGET_GRADE, grade, section_grades


class Command(BaseCommand):
    help = f"Print the Flesch-Kincaid reading grade of every section of every procedure page (target: {TARGET_GRADE})."

    def handle(self, *args, **options):
        for treatment in Treatment.objects.order_by("title"):
            self.stdout.write(f"{treatment.title}")
            for heading, section_grade in section_grades(treatment):
                flag = "" if section_grade <= TARGET_GRADE else "  <- above the target"
                self.stdout.write(f"  {section_grade:5.1f}  {heading}{flag}")
        self.stdout.write("Conditions")
        for condition in Condition.objects.all():
            self.stdout.write(f"  {grade(condition.description):5.1f}  {condition.name}")
