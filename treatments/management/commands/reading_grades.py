from django.core.management.base import BaseCommand

from treatments.models import Condition, Treatment
from treatments.procedures.readability import MAX_SENTENCE_WORDS, TARGET_GRADE, grade, page_reading
from treatments.procedures.structure import PAGE_PREFETCHES


class Command(BaseCommand):
    help = (
        f"Print the Flesch-Kincaid reading grade of every procedure page and each of its sections (target: "
        f"{TARGET_GRADE:g} or lower), and every sentence over {MAX_SENTENCE_WORDS} words. The admin shows the same."
    )

    def handle(self, *args, **options):
        treatments = Treatment.objects.order_by("title").prefetch_related(*PAGE_PREFETCHES)
        for treatment in treatments:
            reading = page_reading(treatment)
            self.stdout.write(f"{shown(reading.grade)}  {treatment.title}{flag(reading)}")
            for section in reading.sections:
                self.stdout.write(f"  {shown(section.grade)}  {section.heading}{flag(section)}")
            for heading, sentence, words in reading.long_sentences:
                self.stdout.write(f"  {words} words in {heading}: {sentence}")
        self.stdout.write("Conditions")
        for condition in Condition.objects.all():
            self.stdout.write(f"  {shown(grade(condition.description))}  {condition.name}")


def shown(grade):
    return "    -" if grade is None else f"{grade:5.1f}"


def flag(reading):
    return "  <- above the target" if reading.above_target else ""
