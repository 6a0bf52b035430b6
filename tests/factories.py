"""factory_boy factories for every model, so no test but the content tests depends on the shipped content.

A procedure's lists are filled from its declared structure: TreatmentFactory(rows=3) gives every list
(steps, benefits, risks, FAQs... whatever the structure declares) three rows.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from modeltranslation.fields import TranslationField

from treatments.models import ClinicDetails, Condition, ConsultationRequest, Specialist, Treatment
from treatments.models.procedures import LinkedItem, Word
from treatments.procedures.structure import LISTS, SECTIONS


class ClinicDetailsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicDetails
        django_get_or_create = ("pk",)

    pk = 1  # There is one clinic.
    name = "Test Vein Clinic"
    about = "We look after veins.\n\nWe explain every choice."
    phone = "(555) 010-4242"
    email = "desk@clinic.example"
    address = "1 Test Road\nTestville, ST 00000"
    opening_hours = "Monday to Friday, 9 am to 5 pm"
    privacy_notice = (
        "What we collect: your name and how to reach you.\n\nWhy we collect it: to reply.\n\n"
        "Who sees it: our front desk.\n\nHow long we keep it: one year."
    )


class SpecialistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialist

    name = factory.Sequence(lambda n: f"Dr. Test Specialist {n}")
    credentials = "Board-certified vascular surgeon"


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    name = factory.Sequence(lambda n: f"Test condition {n}")
    slug = factory.LazyAttribute(lambda condition: condition.name.lower().replace(" ", "-"))
    summary = factory.LazyAttribute(lambda condition: f"What {condition.name.lower()} is, in one line.")
    description = factory.LazyAttribute(lambda condition: f"{condition.name} explained.\n\nA second paragraph.")


SECTION_TEXT_FIELDS = [
    name for section in SECTIONS for name in section.fields if not Treatment._meta.get_field(name).choices
]


def filled_fields(model, part, position):
    """Every field of a row (or of the library entry it shows) filled: text with words that name its list."""
    fields = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, TranslationField):  # Each language's copy: the factories write English only.
            continue
        if field.name == "how_often":  # A figure that fits a risk's default band (common: 1 to 9 in 100).
            fields[field.name] = f"About {position % 9 + 1} in 100 people, row {position} of {part.related_name}."
        elif isinstance(field, models.URLField):
            fields[field.name] = f"https://guidance.example/{part.related_name}/{position}"
        elif isinstance(field, models.CharField | models.TextField) and not field.choices:
            fields[field.name] = (
                f"{field.verbose_name.capitalize()} {position} of {part.related_name.replace('_', ' ')}"
            )
        elif field.name == "year":
            fields[field.name] = 2020 + position
        elif field.name in ("from_day", "to_day"):  # An aftercare row's days: row 2 holds on days 2 to 4.
            fields[field.name] = position if field.name == "from_day" else 2 * position
        elif field.choices and not field.has_default():  # A sign's urgency: the first row is an emergency.
            fields[field.name] = field.choices[0 if position == 1 else -1][0]
    return fields


def list_row(part, treatment, position):
    """A row of one of the treatment's declared lists, every field filled: text with words that name it. A row that
    shows a library entry (a source, a sign) gets an entry of its own, so rows of different pages never share one."""
    model = part.model
    if issubclass(model, LinkedItem):
        library = model._meta.get_field(model.linked).related_model
        entry_fields = filled_fields(library, part, position)
        for name, value in entry_fields.items():  # Unique across pages: the treatment's name is in each.
            if isinstance(value, str) and name != "urgency":
                entry_fields[name] = value.replace(f" {position} of", f" {position} of {treatment.slug}:")
        if "url" in entry_fields:
            entry_fields["url"] = f"https://guidance.example/{part.related_name}/{treatment.slug}/{position}"
        entry = library.objects.create(**entry_fields)
        return model(treatment=treatment, position=position, **{model.linked: entry})
    return model(treatment=treatment, position=position, **filled_fields(model, part, position))


class TreatmentFactory(factory.django.DjangoModelFactory):
    """A published procedure with every section's text filled in; `rows=N` adds N rows to every list."""

    class Meta:
        model = Treatment
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Test procedure {n}")
    slug = factory.LazyAttribute(lambda treatment: treatment.title.lower().replace(" ", "-"))
    summary = factory.LazyAttribute(lambda treatment: f"What {treatment.title.lower()} is, in one line.")
    status = Treatment.Status.PUBLISHED
    # Published as the shipped pages are: honest that no specialist has checked it, with a review date ahead.
    awaiting_review = True
    next_review_due = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=365))

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        """Every free-text field the page shows, named after its field so a test can find it on the page."""
        for name in SECTION_TEXT_FIELDS:
            kwargs.setdefault(name, f"Text of {name.replace('_', ' ')}.")
        return kwargs

    @factory.post_generation
    def rows(treatment, create, count, **kwargs):
        for part in LISTS if create and count else ():
            part.model.objects.bulk_create(list_row(part, treatment, n) for n in range(1, count + 1))

    @factory.post_generation
    def conditions(treatment, create, conditions, **kwargs):
        if create and conditions:
            treatment.conditions.set(conditions)

    class Params:
        draft = factory.Trait(status=Treatment.Status.DRAFT)
        reviewed = factory.Trait(
            reviewer=factory.SubFactory(SpecialistFactory),
            last_reviewed=datetime.date(2026, 1, 15),
            awaiting_review=False,
        )


class WordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Word

    word = factory.Sequence(lambda n: f"veinword{n}")
    slug = factory.LazyAttribute(lambda word: word.word.replace(" ", "-").lower())
    meaning = factory.LazyAttribute(lambda word: f"What {word.word} means, in plain words.")


class ConsultationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationRequest

    name = "Jane Patient"
    email = "jane@example.com"
    phone = ""
    preferred_contact = ConsultationRequest.ContactMethod.EMAIL
    consented_at = factory.LazyFunction(timezone.now)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    password = factory.django.Password("a long test password")
