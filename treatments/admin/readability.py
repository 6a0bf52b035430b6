"""How a procedure page reads, for the staff who write it: a Readability panel on the change form and a reading-grade
column on the list of procedures.

Both show the numbers of treatments/procedures/readability.py, the same as `manage.py reading_grades`. They are
worked out from the page as last saved, so a change shows here once it is saved.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..procedures.readability import MAX_SENTENCE_WORDS, MEASURES, TARGET_GRADE, page_reading
from ..procedures.structure import PAGE_PREFETCHES

TARGET = f"{TARGET_GRADE:g} or lower"

READABILITY_FIELDSET = (
    "Readability",
    {
        "fields": ("readability",),
        "description": (
            f"How the page reads as last saved, in each language: save your changes to see their scores. In "
            f"English, patients should be able to read every section at grade {TARGET} (Flesch-Kincaid); in "
            f"Spanish, every section should score {MEASURES['es'].target_label} (INFLESZ, higher is easier). "
            f"Sentences have at most {MAX_SENTENCE_WORDS} words. Shorter sentences and shorter words help in both."
        ),
    },
)


class ReadingGradeChangeList(ChangeList):
    """The list of procedures, with every page's lists fetched at once: a query per list, not per list and page."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).prefetch_related(*PAGE_PREFETCHES)


class ReadabilityAdminMixin:
    """For TreatmentAdmin: add READABILITY_FIELDSET to its fieldsets and "reading_grade" to its list_display."""

    def get_changelist(self, request, **kwargs):
        return ReadingGradeChangeList

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "readability")

    @admin.display(description="reading grade")
    def reading_grade(self, treatment):
        """The whole page's grade, marked in words when it is above the target."""
        reading = page_reading(treatment)
        if reading.score is None:
            return "No text yet"
        if reading.above_target:
            return format_html(
                '<strong class="reading-grade-above-target">{} (above {})</strong>', reading.score, f"{TARGET_GRADE:g}"
            )
        return shown_grade(reading.score)

    @admin.display(description="How the saved page reads")
    def readability(self, treatment):
        if treatment.pk is None:
            return "Save the page to see how it reads."
        # Read again from the database: after a form with errors, `treatment` holds the unsaved text.
        saved = type(treatment)._default_manager.prefetch_related(*PAGE_PREFETCHES).get(pk=treatment.pk)
        return readability_panel(saved)


VERY_EASY = "Very easy (below grade 1)"


def shown_grade(grade):
    """A grade as staff read it: Flesch-Kincaid goes below 0 for very short, plain text, which means nothing."""
    return VERY_EASY if grade < 1 else f"{grade:.1f}"


def readability_panel(treatment, caption="How each part of the page reads, as last saved"):
    """How the page and each section read in each language, and their long sentences: the panel, and a preview's."""
    return mark_safe(  # noqa: S308 - each part is a template's output, autoescaped.
        "".join(language_panel(treatment, code, name, caption) for code, name in settings.LANGUAGES)
    )


def language_panel(treatment, language, language_name, caption):
    reading = page_reading(treatment, language)
    shown = shown_grade if language == settings.LANGUAGE_CODE else (lambda score: f"{score:.1f}")
    rows = [
        (heading, part, "" if part.score is None else shown(part.score))
        for heading, part in [("Whole page", reading), *((section.heading, section) for section in reading.sections)]
    ]
    return render_to_string(
        "admin/treatments/treatment/readability.html",
        {
            "reading": reading,
            "rows": rows,
            "target": reading.measure.target_label,
            "max_words": MAX_SENTENCE_WORDS,
            "caption": f"{language_name}: {reading.measure.name}. {caption}",
        },
    )
