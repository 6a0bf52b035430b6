"""How hard a procedure page is to read: Flesch-Kincaid grades (via textstat) and sentences that run too long.

Patients read these pages on phones, often anxious, so every section a patient reads as prose is held to
TARGET_GRADE and every sentence to MAX_SENTENCE_WORDS. This module is the one computation behind everything
that reports them: the admin's Readability panel and its change-list column, `manage.py reading_grades`, and
the shipped-content tests.
"""

import re
from dataclasses import dataclass

import textstat

from .structure import SECTIONS, List, flattened, row_texts

TARGET_GRADE = 8.0
MAX_SENTENCE_WORDS = 25

# A sentence ends at . ! or ? followed by a space (or the end of the text). A line break ends one too: each
# paragraph and each list row is read on its own, so a row without a full stop never runs into the next one.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def grade(text):
    """The US school grade a reader needs for this text (Flesch-Kincaid, rounded to one decimal); None without text.

    (textstat gives an empty text a meaningless negative grade.)
    """
    return textstat.flesch_kincaid_grade(text) if text.strip() else None


def sentences(text):
    """The text's sentences, each paragraph and line apart."""
    return [sentence.strip() for sentence in SENTENCE_END.split(text) if sentence.strip()]


def word_count(sentence):
    return len(sentence.split())


def long_sentences(texts):
    """(sentence, word count) of each sentence over MAX_SENTENCE_WORDS words in these texts, in order."""
    return [
        (sentence, words)
        for text in texts
        for sentence in sentences(text)
        if (words := word_count(sentence)) > MAX_SENTENCE_WORDS
    ]


def passages(section, treatment):
    """The pieces of a section a patient reads apart: each text and fact, and each field of each list row.

    A step's title and its description are separate passages, so the title never lengthens the first sentence.
    """
    for part in flattened(section.parts):
        if isinstance(part, List):
            for row in part.content(treatment):
                yield from row_texts(row)
        else:
            yield from part.texts(treatment)


def above_target(grade):
    return grade is not None and grade > TARGET_GRADE


@dataclass(frozen=True)
class SectionReading:
    heading: str
    grade: float | None  # None: the section has no text yet.
    long_sentences: list[tuple[str, int]]

    @property
    def above_target(self):
        return above_target(self.grade)


@dataclass(frozen=True)
class PageReading:
    """A procedure page's grade (all its prose sections read together) and each prose section's, in page order."""

    grade: float | None
    sections: list[SectionReading]

    @property
    def above_target(self):
        return above_target(self.grade)

    @property
    def long_sentences(self):
        """(section heading, sentence, word count) of every sentence over MAX_SENTENCE_WORDS words on the page."""
        return [(section.heading, *long) for section in self.sections for long in section.long_sentences]

    @property
    def sections_above_target(self):
        return [section for section in self.sections if section.above_target]


def page_reading(treatment):
    """How the treatment's page reads, as saved. Prefetch its lists when reading many pages (see LISTS)."""
    texts = {section: section.text(treatment) for section in SECTIONS if section.prose}
    return PageReading(
        grade=grade("\n".join(text for text in texts.values() if text)),
        sections=[
            SectionReading(section.heading, grade(text), long_sentences(passages(section, treatment)))
            for section, text in texts.items()
        ],
    )
