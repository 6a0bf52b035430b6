"""The sections of a procedure page, in page order.

One list serves the page's table of contents, the admin's fieldsets and the
readability report, so the three cannot drift apart.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    anchor: str
    heading: str
    fields: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()


SECTIONS = (
    Section("what-it-is", "What it is", fields=("overview",)),
    Section("how-it-works", "How it works", fields=("how_it_works",), lists=("steps",)),
    Section("benefits", "Benefits", lists=("benefits",)),
    Section(
        "who-it-is-for",
        "Who it is for, and who should not have it",
        fields=("suitability_note",),
        lists=("candidates", "reasons_not_to"),
    ),
    Section("before-your-appointment", "Before your appointment", fields=("preparation",)),
    Section(
        "on-the-day",
        "What to expect on the day",
        fields=("duration", "discomfort", "anaesthesia", "on_the_day"),
    ),
    Section(
        "aftercare",
        "Aftercare and recovery",
        fields=("aftercare_intro", "recovery_time"),
        lists=("aftercare_do", "aftercare_dont"),
    ),
    Section("results", "Results and long-term care", fields=("results", "long_term_care")),
    Section("risks", "Risks and side effects", fields=("risks_intro",), lists=("risks", "warning_signs")),
    Section("questions", "Questions patients ask", lists=("faqs",)),
)


def item_text(item):
    """The words a patient reads in one list row, whatever kind of row it is."""
    parts = [getattr(item, name, "") for name in ("title", "name", "question", "text", "description", "answer")]
    return " ".join(part for part in parts if part)


def section_text(treatment, section):
    """All the words a patient reads in one section, for readability scores."""
    parts = [getattr(treatment, name) for name in section.fields]
    for list_name in section.lists:
        parts.extend(item_text(item) for item in getattr(treatment, list_name).all())
    return "\n".join(part for part in parts if part)
