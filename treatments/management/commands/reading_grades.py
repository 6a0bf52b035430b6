from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from modeltranslation.utils import fallbacks

from treatments.models import Condition, Treatment
from treatments.procedures.readability import MAX_SENTENCE_WORDS, MEASURES, page_reading
from treatments.procedures.structure import PAGE_PREFETCHES


class Command(BaseCommand):
    help = (
        "Print how every procedure page and each of its sections reads in each language (English: Flesch-Kincaid "
        "grade, target 8 or lower; Spanish: INFLESZ, target 65 or more), and every sentence over "
        f"{MAX_SENTENCE_WORDS} words. The admin shows the same."
    )

    def handle(self, *args, **options):
        treatments = Treatment.objects.order_by("slug").prefetch_related(*PAGE_PREFETCHES)
        for code, name in settings.LANGUAGES:
            measure = MEASURES[code]
            self.stdout.write(f"{name}: {measure.name}, target {measure.target_label}")
            for treatment in treatments:
                reading = page_reading(treatment, code)
                with translation.override(code):
                    title = treatment.title
                self.stdout.write(f"{shown(reading.score)}  {title}{flag(reading)}")
                for section in reading.sections:
                    self.stdout.write(f"  {shown(section.score)}  {section.heading}{flag(section)}")
                for heading, sentence, words in reading.long_sentences:
                    self.stdout.write(f"  {words} words in {heading}: {sentence}")
            self.stdout.write("Conditions")
            with translation.override(code), fallbacks(False):
                for condition in Condition.objects.order_by("slug"):
                    score = measure.score(condition.description or "")
                    missed = "  <- above the target" if measure.misses_target(score) else ""
                    self.stdout.write(f"  {shown(score)}  {condition.name or condition.slug}{missed}")


def shown(score):
    return "    -" if score is None else f"{score:5.1f}"


def flag(reading):
    return "  <- above the target" if reading.above_target else ""
