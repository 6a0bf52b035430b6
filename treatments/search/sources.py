"""What search finds, kind by kind: only what the public sees, and the words each result is found by.

Each kind has a title (weighted highest), a summary and a body. A procedure's body is every text field
and every list row of its page, derived from the declared structure (treatments/procedures/structure.py),
so a field or list added there is searched with nothing to change here. Its questions are found on their
own, as "Question" results that link to the page's questions section; its sources are not searched (a
list of publications, not words about the procedure). The compare grid's short answers to a question every
patient asks ("Does it hurt?") are "Short answer" results, one a procedure, found only by the words declared for
that question (GridAnswer.found_by): "pain" lists them first, "veins" does not list every one.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db.models import F, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Concat
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from modeltranslation.utils import build_localized_fieldname

from ..models import Condition, Treatment
from ..procedures.structure import (
    GRID_ANCHORS,
    PAGE_PREFETCHES,
    SEARCHED_ANSWERS,
    SECTIONS,
    row_text_lookups,
    row_texts,
)
from ..translations import translated_fields

# PostgreSQL's text-search configuration of each language: its stemming and stop words. The Spanish one is
# PostgreSQL's own `spanish` with accents taken off first ("várices" finds "varices"), made by migration 0020.
CONFIGS = {"en": "english", "es": "spanish_unaccent"}


def config():
    return CONFIGS[translation.get_language()]


def in_language(model, lookup):
    """A field, or a lookup through relations ("sign__text"), as the page's language stores it: English is the
    field itself, another language its own column (text_es) where the field is translated."""
    language = translation.get_language()
    if language == settings.LANGUAGE_CODE:
        return lookup
    *path, name = lookup.split("__")
    target = model
    for step in path:
        target = target._meta.get_field(step).related_model
    return build_localized_fieldname(lookup, language) if name in translated_fields(target) else lookup


QUESTIONS_SECTION, QUESTIONS = next(
    (section, part) for section in SECTIONS for part in section.lists if part.related_name == "faqs"
)
# Every free-text field and fact of a procedure's page; a choice (the type of procedure) is a code, not words.
BODY_FIELDS = tuple(
    name for section in SECTIONS for name in section.fields if not Treatment._meta.get_field(name).choices
)
# The lists a patient reads as part of the page's words.
BODY_LISTS = tuple(part for section in SECTIONS if section.prose for part in section.lists if part is not QUESTIONS)


@dataclass(frozen=True)
class Document:
    """The words of one result: what the excerpt is cut from, and where the result links to."""

    kind: str  # As patients read it: Procedure, Condition, Question (a lazy translation: Kind.label).
    title: str
    url: str
    summary: str
    passages: tuple[str, ...]  # The body, as the page shows it: each field and each list row apart.
    about: str = ""  # For a question: the procedure it belongs to.
    keywords: str = ""  # Found like the title, never shown: an answer's found_by words and its procedure.

    @property
    def body(self):
        return "\n".join(self.passages)

    @property
    def texts(self):
        """Where an excerpt may come from, in the order a match is looked for: it never runs from one into the next."""
        return (self.summary, *self.passages)


def weighted(model, *expressions, weight):
    """One weight of a document: field names are read in the page's language."""
    expressions = [in_language(model, e) if isinstance(e, str) else e for e in expressions]
    return SearchVector(*expressions, weight=weight, config=config())


def list_words(part):
    """A procedure's rows of one list as one text, for PostgreSQL: each row's fields, then the next row."""
    fields = [F(in_language(part.model, lookup)) for lookup in row_text_lookups(part.model)]
    spaced = [piece for field in fields for piece in (field, Value(" "))][:-1]
    row = Concat(*spaced, output_field=TextField()) if len(spaced) > 1 else spaced[0]
    rows = part.model.objects.filter(treatment=OuterRef("pk")).order_by().values("treatment")
    return Subquery(rows.annotate(words=StringAgg(row, " ")).values("words"), output_field=TextField())


def shared_words():
    """A procedure's shared passages as one text, for PostgreSQL."""
    passages = Treatment.shared_passages.through.objects.filter(treatment=OuterRef("pk")).order_by().values("treatment")
    text = in_language(Treatment.shared_passages.through, "sharedpassage__text")
    words = passages.annotate(words=StringAgg(text, " ")).values("words")
    return Subquery(words, output_field=TextField())


class Kind:
    def wanted(self, terms):
        """Whether to look for these terms in this kind at all."""
        return True


class Procedures(Kind):
    label = pgettext_lazy("kind of search result", "Procedure")
    title_field = "title"

    def searched(self):
        return Treatment.objects.published()

    def vector(self):
        body = [*BODY_FIELDS, *(list_words(part) for part in BODY_LISTS), shared_words()]
        return (
            weighted(Treatment, "title", weight="A")
            + weighted(Treatment, "summary", weight="B")
            + weighted(Treatment, *body, weight="C")
        )

    def with_words(self, queryset):
        return queryset.prefetch_related(*PAGE_PREFETCHES)

    def document(self, treatment):
        texts = [getattr(treatment, name) for name in BODY_FIELDS]
        texts += [" ".join(row_texts(row)) for part in BODY_LISTS for row in part.content(treatment)]
        texts += [passage.text for passage in treatment.shared_passages.all()]
        passages = tuple(text for text in texts if text)
        return Document(self.label, treatment.title, treatment.get_absolute_url(), treatment.summary, passages)


class Conditions(Kind):
    label = pgettext_lazy("kind of search result", "Condition")
    title_field = "name"

    def searched(self):
        return Condition.objects.all()  # Every condition is public.

    def vector(self):
        return (
            weighted(Condition, "name", weight="A")
            + weighted(Condition, "summary", weight="B")
            + weighted(Condition, "description", weight="C")
        )

    def with_words(self, queryset):
        return queryset

    def document(self, condition):
        url = condition.get_absolute_url()
        return Document(self.label, condition.name, url, condition.summary, (condition.description,))


class Questions(Kind):
    label = pgettext_lazy("kind of search result", "Question")
    title_field = "question"

    def searched(self):
        return QUESTIONS.model.objects.filter(treatment__in=Treatment.objects.published())

    def vector(self):
        return weighted(QUESTIONS.model, "question", weight="A") + weighted(QUESTIONS.model, "answer", weight="C")

    def with_words(self, queryset):
        return queryset.select_related("treatment")

    def document(self, faq):
        url = f"{faq.treatment.get_absolute_url()}#{QUESTIONS_SECTION.anchor}"
        return Document(self.label, faq.question, url, "", (faq.answer,), about=faq.treatment.title)


class Answers(Kind):
    """The short answers of one row of the compare grid (a GridAnswer part), each linking to the section it
    summarises."""

    label = pgettext_lazy("kind of search result", "Short answer")
    title_field = "title"  # The procedure's: orders answers of equal rank.

    def __init__(self, part):
        self.part = part
        self.found_by = " ".join(part.found_by)

    def wanted(self, terms):
        """Only a search with one of the row's own words: every procedure has an answer to every row."""
        return any(pattern.search(self.found_by) for pattern in terms.patterns)

    def searched(self):
        return Treatment.objects.published().exclude(**{self.part.field: ""})

    def vector(self):
        keywords = Value(f"{self.part.question} {self.found_by}", output_field=TextField())
        return weighted(Treatment, keywords, "title", weight="A") + weighted(Treatment, self.part.field, weight="C")

    def with_words(self, queryset):
        return queryset

    def document(self, treatment):
        url = f"{treatment.get_absolute_url()}#{GRID_ANCHORS[self.part.field]}"
        keywords = f"{self.found_by} {treatment.title}"
        # The procedure in the title: eight results are not all "Does it hurt?".
        question = f"{self.part.question[0].lower()}{self.part.question[1:]}"
        title = gettext("%(procedure)s: %(question)s") % {"procedure": treatment.title, "question": question}
        return Document(self.label, title, url, "", (self.part.content(treatment),), keywords=keywords)


# In the order results of equal rank are shown.
KINDS = (Procedures(), Conditions(), Questions(), *(Answers(part) for part in SEARCHED_ANSWERS))
