"""What a patient reads, in every language of settings.LANGUAGES (django-modeltranslation).

Each field named here gets one column a language beside the original (title -> title_en, title_es) in the same
row, so a page's revisions, drafts and scheduled publishing carry every language at once, and the admin shows
the languages side by side. Reading `page.title` gives the active language's text, or the English where that
language's is still empty (settings.MODELTRANSLATION_FALLBACK_LANGUAGES): the page then says so
(treatments/translations.py).

Not translated: the clinic's postal address, slugs, phone numbers, choices, and sources' titles (each source is
cited as its publisher wrote it). A field added to a content model that a patient reads is added here too; the test
tests/test_translation_fields.py lists any text field of a content model that is in neither list.
"""

from modeltranslation.translator import TranslationOptions, register

from . import models
from .models import procedures

# Each content model's fields that a patient reads and that a language other than English rewrites.
TRANSLATED_FIELDS = {
    models.ClinicDetails: (
        "about",
        "opening_hours",
        "parking",
        "public_transport",
        "step_free_access",
        "map_image_alt",
        "emergency_advice",
        "questions_to_ask",
        "insurers_accepted",
        "insurance_requirements",
        "consultation_length",
        "what_to_bring",
        "referral_needed",
        "consultation_cost",
        "privacy_notice",
    ),
    models.Specialist: ("role", "credentials", "board_certification", "languages", "bio"),
    models.Condition: ("name", "summary", "description", "urgent_advice", "options_guidance"),
    models.Treatment: (
        "title",
        "summary",
        "hero_image_alt",
        "short_version",
        "overview",
        "how_it_works",
        "suitability_note",
        "preparation",
        "anaesthesia",
        "duration",
        "back_to_activities",
        "sessions_needed",
        "effectiveness",
        "main_risks",
        "insurance",
        "clinic_visit_length",
        "clinic_time_off",
        "clinic_stockings",
        "clinic_follow_up",
        "clinic_price",
        "short_what_it_is",
        "short_needles_heat",
        "short_pain",
        "short_time_at_clinic",
        "short_time_off",
        "short_visits",
        "short_results",
        "short_recurrence",
        "short_risks",
        "short_cost",
        "discomfort",
        "on_the_day",
        "aftercare_intro",
        "recovery_time",
        "results",
        "long_term_care",
        "risks_intro",
        "expected_after_effects",
    ),
    procedures.Step: ("title", "description"),
    procedures.Risk: ("name", "description", "how_often"),
    procedures.FAQ: ("question", "answer"),
    procedures.Benefit: ("text",),
    procedures.Candidate: ("text", "self_check_wording"),
    procedures.ReasonNotTo: ("text", "self_check_wording"),
    procedures.AftercareDo: ("text",),
    procedures.AftercareDont: ("text",),
    procedures.QuestionToAsk: ("text",),
    procedures.Sign: ("text",),
    procedures.SharedPassage: ("text",),
    procedures.Word: ("word", "other_forms", "meaning"),
    models.OutcomeMeasure: ("counted", "unit", "period", "population", "certainty_reason"),
    models.OutcomeFigure: ("note",),
    models.Illustration: ("title", "description"),
}

for model, fields in TRANSLATED_FIELDS.items():
    # An empty translation is stored as NULL, not "": a unique field (a condition's or a word's name, a sign) can
    # then be empty in Spanish on many rows at once.
    options = {"fields": fields, "empty_values": None}
    register(model)(type(f"{model.__name__}Translation", (TranslationOptions,), options))
