"""Reading grades of a procedure page's sections (Flesch-Kincaid, via textstat)."""

import textstat

from .structure import SECTIONS

TARGET_GRADE = 8.0


def grade(text):
    """The US school grade a reader needs for this text (Flesch-Kincaid)."""
    return textstat.flesch_kincaid_grade(text)


def section_grades(treatment):
    """(section heading, grade) for each section a patient reads as prose, in page order."""
    return [(section.heading, grade(section.text(treatment))) for section in SECTIONS if section.prose]
