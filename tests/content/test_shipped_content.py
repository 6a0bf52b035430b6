"""The content the clinic ships, and the command that loads it."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Max

from tests.helpers import replace_go_live_placeholders
from treatments import models
from treatments.management.commands.load_clinic_content import content_files, shipped_content
from treatments.models import procedures
from treatments.procedures.readability import TARGET_GRADE, grade, long_sentences, page_reading
from treatments.procedures.structure import KEY_FACTS, LISTS, SECTIONS, row_texts

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    models.ClinicDetails,
    models.Specialist,
    models.Condition,
    models.Treatment,
    *(part.model for part in LISTS),
]
SUPERLATIVES = re.compile(
    r"\b(revolutionary|groundbreaking|state-of-the-art|cutting-edge|best|exceptional|innovative|"
    r"painless procedure|guaranteed?|miracle|safe and effective)\b",
    re.IGNORECASE,
)


def snapshot():
    return {model.__name__: model.objects.count() for model in CONTENT_MODELS} | {
        "last treatment change": models.Treatment.objects.aggregate(Max("updated"))["updated__max"]
    }


def test_loading_twice_changes_nothing(clinic_content):
    before = snapshot()
    call_command("load_clinic_content", verbosity=0)
    assert snapshot() == before
    assert before["Treatment"] == 10
    assert before["Condition"] == 5


def test_loading_again_keeps_staff_edits(clinic_content):
    clinic_content.overview = "Staff rewrote this."
    clinic_content.save()
    clinic_content.faqs.first().delete()
    models.ClinicDetails.objects.update(phone="(555) 010-1234")
    faq_count = clinic_content.faqs.count()
    call_command("load_clinic_content", verbosity=0)
    clinic_content.refresh_from_db()
    assert clinic_content.overview == "Staff rewrote this."
    assert clinic_content.faqs.count() == faq_count
    assert models.ClinicDetails.load().phone == "(555) 010-1234"


def test_loading_recreates_what_staff_deleted_only_if_missing(clinic_content):
    models.Condition.objects.filter(slug="spider-veins").delete()
    call_command("load_clinic_content", verbosity=0)
    assert models.Condition.objects.filter(slug="spider-veins").exists()


def test_every_shipped_procedure_fills_every_section_with_key_facts_and_sources(clinic_content):
    for treatment in models.Treatment.objects.all():
        for section in SECTIONS:
            if section.prose:
                assert section.text(treatment).strip(), (treatment.slug, section.heading)
        assert all(KEY_FACTS.values(treatment)), treatment.slug
        assert treatment.sources.count() >= 3, treatment.slug
        assert {row.sign.urgency for row in treatment.signs.all()} == set(models.procedures.Sign.Urgency), (
            treatment.slug
        )
        assert treatment.risks.exists(), treatment.slug
        assert not treatment.risks.filter(how_often="").exists(), treatment.slug
        assert not treatment.is_medically_reviewed  # No specialist has reviewed them yet.
    assert models.Specialist.objects.get(is_sample=True)  # The placeholder the clinic replaces.


def shipped_long_sentences():
    """(where, sentence, word count) of every sentence over 25 words a patient reads in the shipped content."""
    for treatment in models.Treatment.objects.all():
        yield from ((treatment.slug, *long) for long in page_reading(treatment).long_sentences)
    for condition in models.Condition.objects.all():
        texts = (condition.description, condition.options_guidance)
        yield from ((condition.slug, *long) for long in long_sentences(texts))


def test_no_shipped_sentence_is_over_25_words(clinic_content):
    assert not list(shipped_long_sentences())


def test_shipped_sections_read_at_grade_8_or_lower(clinic_content):
    too_hard = {
        (treatment.slug, section.heading): section.score
        for treatment in models.Treatment.objects.all()
        for section in page_reading(treatment).sections_above_target
    }
    assert not too_hard


def test_reading_grades_command_reports_every_section(clinic_content, capsys):
    call_command("reading_grades")
    output = capsys.readouterr().out
    for section in SECTIONS:
        assert (section.heading in output) is section.prose
    assert "above the target" not in output


def test_shipped_conditions_read_at_grade_8_or_lower(clinic_content):
    for condition in models.Condition.objects.all():
        assert grade(condition.description) <= TARGET_GRADE, condition.name
        if condition.options_guidance:
            assert grade(condition.options_guidance) <= TARGET_GRADE, condition.name


def test_shipped_text_has_no_marketing_superlatives_or_html(clinic_content):
    text = "\n".join(path.read_text(encoding="utf-8") for path in content_files())
    assert not SUPERLATIVES.findall(text)
    assert not re.search(r"<[a-z/]", text)


def test_shipped_summaries_fit_meta_descriptions():
    content = shipped_content()
    for record in content["treatments"] + content["conditions"]:
        assert len(record["summary"]) <= 160, record["slug"]


def test_item_text_reads_every_kind_of_row(make_treatment):
    treatment = make_treatment()
    step = procedures.Step(treatment=treatment, title="Scan", description="We look at your veins.")
    faq = procedures.FAQ(treatment=treatment, question="Does it hurt?", answer="A little.")
    assert row_texts(step) == ["Scan", "We look at your veins."]
    assert row_texts(faq) == ["Does it hurt?", "A little."]


def test_shipped_privacy_notice_says_what_why_who_and_how_long(client, clinic_content):
    page = client.get("/privacy/").content.decode()
    for phrase in ("What we collect", "Why we collect it", "Who sees it", "How long we keep it"):
        assert phrase in page


def test_go_live_check_fails_on_the_shipped_placeholders_and_passes_once_replaced(clinic_content, settings, capsys):
    with pytest.raises(SystemExit) as exit_status:
        call_command("go_live_check")
    assert exit_status.value.code == 1
    output = capsys.readouterr().out
    assert "(555) 010-0100" in output and "sample profile" in output and "has not been reviewed" in output
    replace_go_live_placeholders(settings)
    call_command("go_live_check")
    assert "Ready to go live" in capsys.readouterr().out


def test_every_shipped_record_fits_its_fields_and_rules(clinic_content):
    """What the admin would refuse (a fact too long for PostgreSQL, a band that does not fit its figure) is never
    shipped: SQLite stores an over-long text without a word, PostgreSQL refuses it."""
    from treatments.page_cache import content_models

    refused = {}
    for model in content_models():
        if model._meta.auto_created:
            continue
        for record in model.objects.all():
            try:
                record.full_clean(validate_unique=False)
            except ValidationError as error:
                refused[f"{model.__name__} {record}"] = error.message_dict
    assert refused == {}


def test_the_loader_loads_every_row_of_every_declared_list(clinic_content):
    """Each shipped procedure's rows, list by list, are all in the database: a list the loader did not know would
    come back empty (this once compared the loader's list of lists with itself, and could not fail)."""
    from treatments.procedures.structure import LISTS

    loaded = 0
    for data in shipped_content()["treatments"]:
        treatment = models.Treatment.objects.get(slug=data["slug"])
        for part in LISTS:
            assert part.content(treatment).count() == len(data.get(part.related_name, [])), (data["slug"], part)
            loaded += len(data.get(part.related_name, []))
    assert {part.related_name for part in LISTS} <= {key for data in shipped_content()["treatments"] for key in data}
    assert loaded > 0
