"""What the clinic must replace before patients see the site: placeholders shipped with it, and unreviewed pages.

One list, read by `manage.py go_live_check` (for a deploy script or cron) and by the admin's home page.
"""

import re

from django.conf import settings
from django.utils import translation

from .models import ClinicDetails, Specialist, Treatment
from .procedures.comparison import missing_figures
from .procedures.structure import CLINIC_PROTOCOL, GRID, LISTS, PAGE_PREFETCHES
from .translations import Status, field_translations, other_languages, records_shown, translated_fields

# Rows of a page's lists: counted with their page, not apart.
ROWS_OF_PAGES = {part.model._meta.model_name for part in LISTS}

# The .example domain and example.com/org/net are kept for examples.
PLACEHOLDER_EMAIL = re.compile(r"@(?:[^@\s]+\.)?example(?:\.(?:com|org|net))?>?$", re.IGNORECASE)
PLACEHOLDER_ADDRESS = re.compile(r"\b(?:sample|anytown|example)\b|\b00000\b", re.IGNORECASE)


def is_placeholder_phone(phone):
    """Area code 555, or 555-0100 to 555-0199: numbers North America keeps for fiction and examples."""
    digits = re.sub(r"\D", "", phone).removeprefix("1")
    return not digits or digits.startswith("555") or (digits[3:6] == "555" and digits[6:8] == "01")


def problems(server_settings=True):
    """Plain sentences, one per thing to replace; empty when the site is ready. Without `server_settings`, only what
    staff can change in the admin (the settings are the server's, for whoever runs it)."""
    found = []
    clinic = ClinicDetails.load()
    if is_placeholder_phone(clinic.phone or ""):
        found.append(f"Clinic details: the phone number '{clinic.phone}' is a placeholder.")
    if PLACEHOLDER_EMAIL.search(clinic.email or "") or not clinic.email:
        found.append(f"Clinic details: the email address '{clinic.email}' is a placeholder.")
    if PLACEHOLDER_ADDRESS.search(clinic.address or "") or not clinic.address:
        found.append("Clinic details: the address is a placeholder.")
    for name in ("CONSULTATION_STAFF_EMAIL", "DEFAULT_FROM_EMAIL") if server_settings else ():
        if PLACEHOLDER_EMAIL.search(getattr(settings, name)):
            found.append(f"Setting {name}: '{getattr(settings, name)}' is a placeholder address.")
    if not clinic.map_image:
        found.append("Clinic details: upload a map for the Visit us page (with its description).")
    for label, value in (("the after-hours number", clinic.after_hours_phone), *clinic.getting_here):
        if not value:
            found.append(f"Clinic details: fill in {label[0].lower() + label[1:]} (Visit us).")
    if not clinic.opening_hours_schema or clinic.latitude is None or clinic.longitude is None:
        found.append("Clinic details: give the opening hours for search engines and the clinic's coordinates.")
    for label, value in (*clinic.before_the_consultation, ("What to bring", clinic.what_to_bring)):
        if not value:
            found.append(f"Clinic details: before the consultation, fill in '{label}' (the thank-you page).")
    if not clinic.insurers_accepted:
        found.append("Clinic details: list the insurers we work with (Costs and insurance).")
    if not Specialist.objects.public().exists():
        found.append("Specialists: add the clinic's team. 'Our specialists' says the clinic is adding it.")
    for specialist in Specialist.objects.filter(is_sample=True):
        found.append(f"Specialists: '{specialist}' is a sample profile. Replace it with a real specialist.")
    for treatment in Treatment.objects.published().select_related("reviewer"):
        if not treatment.is_medically_reviewed:
            found.append(f"Published page '{treatment}' has not been reviewed by one of our specialists.")
        # The clinic's own protocol is never shipped: every empty field is the clinic's to fill in.
        if missing := [label.lower() for label, value in CLINIC_PROTOCOL.content(treatment) if not value]:
            found.append(f"Published page '{treatment}': fill in our clinic's {', '.join(missing)} (At our clinic).")
        if missing := [part.question for part in GRID if not part.content(treatment)]:
            found.append(f"Published page '{treatment}': write its compare grid answers to {' / '.join(missing)}")
    for measure, treatment in missing_figures():
        found.append(f"Outcome measure '{measure}': give '{treatment}' a figure, or say why it has none.")
    found += translation_problems()
    return found


def translation_problems():
    """Per published page (with its lists) and per kind of other record: translations not yet reviewed by a
    clinician fluent in the language, and ones out of date or missing."""
    from django.apps import apps

    found = []
    languages = {code: translation.get_language_info(code)["name"] for code in other_languages()}
    groups = [
        (f"Published page '{treatment}'", records_shown(treatment))
        for treatment in Treatment.objects.published().prefetch_related(*PAGE_PREFETCHES)
    ]
    groups += [
        (str(model._meta.verbose_name_plural).capitalize(), list(model._default_manager.all()))
        for model in apps.get_app_config("treatments").get_models()
        if translated_fields(model) and model is not Treatment and model._meta.model_name not in ROWS_OF_PAGES
    ]
    for where, records in groups:
        for code in other_languages():
            mine = field_translations(records, [code])
            unreviewed = sum(t.awaiting_review for t in mine)
            stale = sum(t.status is not Status.UP_TO_DATE for t in mine)
            name = languages[code]
            if unreviewed:
                found.append(f"{where}: {unreviewed} {name} translations await review by a clinician fluent in {name}.")
            if stale:
                found.append(f"{where}: {stale} {name} translations are out of date or missing.")
    return found
