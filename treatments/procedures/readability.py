"""How hard a procedure page is to read, in each language: a readability score (via textstat) and sentences that run
too long.

Patients read these pages on phones, often anxious, so every section a patient reads as prose is held to its
language's target (MEASURES: Flesch-Kincaid grade 8 or lower in English; INFLESZ 65 or more, "fairly easy", in
Spanish) and every sentence to MAX_SENTENCE_WORDS. This module is the one computation behind everything
that reports them: the admin's Readability panel and its change-list column, `manage.py reading_grades`, and
the shipped-content tests.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import fallbacks
from textstat.textstat import textstatistics

from .structure import SECTIONS, List, flattened, row_texts

TARGET_GRADE = 8.0
MAX_SENTENCE_WORDS = 25
# Szigriszt-Pazos's perspicuity as INFLESZ reads it (Barrio-Cantalejo et al., 2008): 65 and over is "fairly easy"
# or easier, what general patient information should be; 55 to 65 is "normal", below 55 "somewhat hard".
TARGET_INFLESZ = 65.0

# One textstat a language: its syllable counts are the language's (textstat's language is a setting of each).
ENGLISH_TEXT = textstatistics()
SPANISH_TEXT = textstatistics()
SPANISH_TEXT.set_lang("es")

# A sentence ends at . ! or ? followed by a space (or the end of the text). A line break ends one too: each
# paragraph and each list row is read on its own, so a row without a full stop never runs into the next one.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def grade(text):
    """The US school grade a reader needs for this text (Flesch-Kincaid, rounded to one decimal); None without text.

    (textstat gives an empty text a meaningless negative grade.)
    """
    return ENGLISH_TEXT.flesch_kincaid_grade(text) if text.strip() else None


def inflesz(text):
    """How easy this Spanish text is, from 0 (very hard) to 100 (very easy): Szigriszt-Pazos's perspicuity, which
    the INFLESZ scale grades; None without text."""
    return round(SPANISH_TEXT.szigriszt_pazos(text), 1) if text.strip() else None


@dataclass(frozen=True)
class Measure:
    """A language's readability score, and the target every section is held to."""

    name: str
    score: Callable[[str], float | None]
    target: float
    higher_is_easier: bool

    def misses_target(self, score):
        if score is None:
            return False
        return score < self.target if self.higher_is_easier else score > self.target

    @property
    def target_label(self):
        return f"{self.target:g} or {'more' if self.higher_is_easier else 'lower'}"


MEASURES = {
    "en": Measure("Flesch-Kincaid grade", grade, TARGET_GRADE, higher_is_easier=False),
    "es": Measure("INFLESZ (Szigriszt-Pazos)", inflesz, TARGET_INFLESZ, higher_is_easier=True),
}


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
    return MEASURES["en"].misses_target(grade)


@dataclass(frozen=True)
class SectionReading:
    heading: str
    score: float | None  # The language's measure (MEASURES); None: the section has no text yet.
    long_sentences: list[tuple[str, int]]
    measure: Measure

    @property
    def above_target(self):
        """Harder to read than the target."""
        return self.measure.misses_target(self.score)


@dataclass(frozen=True)
class PageReading:
    """A procedure page's score (all its prose sections read together) and each prose section's, in page order, in
    one language."""

    score: float | None
    sections: list[SectionReading]
    measure: Measure
    language: str

    @property
    def above_target(self):
        return self.measure.misses_target(self.score)

    @property
    def long_sentences(self):
        """(section heading, sentence, word count) of every sentence over MAX_SENTENCE_WORDS words on the page."""
        return [(section.heading, *long) for section in self.sections for long in section.long_sentences]

    @property
    def sections_above_target(self):
        return [section for section in self.sections if section.above_target]


def page_reading(treatment, language=None):
    """How the treatment's page reads, as saved, in a language (English unless given). Prefetch its lists when
    reading many pages (see LISTS).

    Only the language's own text is read: where a translation is missing, the English the page falls back to is
    not scored as if it were that language.
    """
    language = language or settings.LANGUAGE_CODE
    measure = MEASURES[language]
    with translation.override(language), fallbacks(False):
        texts = {section: section.text(treatment) for section in SECTIONS if section.prose}
        sections = [
            SectionReading(
                str(section.heading), measure.score(text), long_sentences(passages(section, treatment)), measure
            )
            for section, text in texts.items()
        ]
    return PageReading(measure.score("\n".join(text for text in texts.values() if text)), sections, measure, language)
