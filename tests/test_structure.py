"""The procedure structure is declared once, and everything that needs "every part of a procedure" follows it."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from modeltranslation.fields import TranslationField

from treatments.models import Treatment
from treatments.models.procedures import OrderedItem
from treatments.procedures.structure import LISTS, SECTIONS, schema_properties
from treatments.roles import CONTENT_EDITORS

DECLARED_MODELS = [part.model for part in LISTS]


def test_every_list_model_is_declared_once():
    list_models = [model for model in apps.get_app_config("treatments").get_models() if issubclass(model, OrderedItem)]
    assert sorted(DECLARED_MODELS, key=str) == sorted(list_models, key=str)
    assert len(set(DECLARED_MODELS)) == len(DECLARED_MODELS)


def test_every_text_field_a_patient_reads_is_in_one_section():
    declared = [name for section in SECTIONS for name in section.fields]
    text_fields = {  # A field's copy in each language (overview_es) is shown with the field itself.
        field.name
        for field in Treatment._meta.fields
        if isinstance(field, models.TextField) and not isinstance(field, TranslationField)
    }
    assert len(declared) == len(set(declared))
    assert text_fields <= set(declared)


def test_anchors_and_headings_are_unique():
    assert len({section.anchor for section in SECTIONS}) == len(SECTIONS)
    assert len({section.heading for section in SECTIONS}) == len(SECTIONS)


def test_admin_edits_every_declared_list_and_field_under_its_section():
    treatment_admin = admin.site._registry[Treatment]
    fieldsets = dict(treatment_admin.fieldsets)
    inline_sections = {inline.model: inline.section for inline in treatment_admin.inlines}
    assert set(DECLARED_MODELS) <= set(inline_sections)
    for number, section in enumerate(SECTIONS, 1):
        heading = f"{number}. {section.heading}"
        assert fieldsets[heading]["fields"] == section.form_fields  # Its text fields, then its settings.
        for part in section.lists:
            assert inline_sections[part.model] == heading


def test_content_editors_may_edit_every_declared_list(db):
    codenames = set(Group.objects.get(name=CONTENT_EDITORS).permissions.values_list("codename", flat=True))
    for model in DECLARED_MODELS:
        name = model._meta.model_name
        assert {f"add_{name}", f"change_{name}", f"delete_{name}", f"view_{name}"} <= codenames


def test_schema_properties_come_from_the_declared_parts(treatment):
    properties = schema_properties(treatment)
    assert properties["preparation"] == treatment.preparation
    first_step = treatment.steps.first()
    assert properties["howPerformed"].startswith(f"{first_step.title}: {first_step.description}")
    assert properties["followup"].startswith(treatment.aftercare_intro)
    assert treatment.aftercare_do.first().text in properties["followup"]
    assert treatment.aftercare_dont.first().text not in properties["followup"]
