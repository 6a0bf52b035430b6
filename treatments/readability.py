"""Reading grades of a procedure page's sections (Flesch-Kincaid, via textstat)."""

import textstat

from .sections import SECTIONS, section_text

TARGET_GRADE = 8.0


def section_grades(treatment):
    """(section heading, Flesch-Kincaid grade) for each section, in page order."""
    return [(section.heading, textstat.flesch_kincaid_grade(section_text(treatment, section))) for section in SECTIONS]
