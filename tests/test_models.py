import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import ConditionFactory
from treatments.models import ClinicDetails, Treatment
from treatments.models.procedures import FAQ

pytestmark = pytest.mark.django_db


def test_treatment_slug_is_unique(make_treatment):
    make_treatment("same-slug")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_treatment("same-slug")


def test_condition_slug_is_unique(condition):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConditionFactory(slug=condition.slug)


def test_str_and_absolute_urls(make_treatment, condition, specialist):
    treatment = make_treatment("foam-sclerotherapy", title="Foam sclerotherapy")
    assert str(treatment) == "Foam sclerotherapy"
    assert treatment.get_absolute_url() == "/treatments/foam-sclerotherapy/"
    assert str(condition) == "Leg ulcers"
    assert condition.get_absolute_url() == "/conditions/leg-ulcers/"
    assert str(specialist) == "Dr. Ada Vein"
    faq = FAQ.objects.create(treatment=treatment, question="Does it hurt?", answer="A little.")
    assert str(faq) == "Does it hurt?"


def test_published_hides_drafts(make_treatment):
    live = make_treatment("live")
    make_treatment("draft", status=Treatment.Status.DRAFT)
    assert list(Treatment.objects.published()) == [live]


def test_visible_to_shows_drafts_to_staff_only(make_treatment, django_user_model):
    make_treatment("live")
    make_treatment("draft", status=Treatment.Status.DRAFT)
    patient = django_user_model(username="patient")
    staff = django_user_model(username="staff", is_staff=True)
    assert Treatment.objects.visible_to(patient).count() == 1
    assert Treatment.objects.visible_to(staff).count() == 2


def test_review_overdue(make_treatment):
    today = datetime.date(2026, 6, 1)
    overdue = make_treatment("overdue", next_review_due=datetime.date(2026, 5, 31))
    make_treatment("due-today", next_review_due=today)
    make_treatment("never-reviewed")
    assert list(Treatment.objects.review_overdue(today=today)) == [overdue]


def test_image_needs_alt_text(make_treatment):
    treatment = make_treatment()
    treatment.hero_image = SimpleUploadedFile("leg.png", b"not checked here", content_type="image/png")
    with pytest.raises(ValidationError) as excinfo:
        treatment.full_clean()
    assert "hero_image_alt" in excinfo.value.message_dict
    treatment.hero_image_alt = "A leg after treatment, with faint bruises."
    treatment.full_clean(exclude=["hero_image"])


def test_next_review_must_follow_last_review(make_treatment):
    treatment = make_treatment(last_reviewed=datetime.date(2026, 1, 1), next_review_due=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        treatment.full_clean()
    assert "next_review_due" in excinfo.value.message_dict


def test_clinic_details_is_one_row():
    ClinicDetails.objects.create(phone="1", email="a@example.com", address="x", opening_hours="y")
    ClinicDetails(name="Renamed", phone="2", email="b@example.com", address="x", opening_hours="y").save()
    assert ClinicDetails.objects.count() == 1
    assert ClinicDetails.load().name == "Renamed"


def test_clinic_details_phone_link():
    assert ClinicDetails(phone="+1 (555) 010-0100").phone_href == "tel:+15550100100"


@pytest.mark.parametrize("status", Treatment.Status.values)
@pytest.mark.parametrize("publish_in", [None, -3600, -1, 3600])
@pytest.mark.parametrize("review_in_days", [None, -1, 0, 1])
def test_a_pages_own_flags_agree_with_the_querysets_that_decide(make_treatment, status, publish_in, review_in_days):
    """One rule each for "is it public", "is it scheduled" and "is its review overdue", for a row or a list."""
    now, today = timezone.now(), timezone.localdate()
    treatment = make_treatment(
        status=status,
        publish_at=None if publish_in is None else now + datetime.timedelta(seconds=publish_in),
        next_review_due=None if review_in_days is None else today + datetime.timedelta(days=review_in_days),
        last_reviewed=None if review_in_days is None else today - datetime.timedelta(days=400),
    )
    pages = Treatment.objects.filter(pk=treatment.pk)
    assert treatment.is_published == pages.published().exists()
    assert treatment.is_scheduled == pages.scheduled().exists()
    assert treatment.review_overdue == pages.review_overdue().exists()
