import pytest

from treatments.consultations.forms import ConsultationRequestForm
from treatments.models import ClinicDetails, ConsultationRequest, Treatment

pytestmark = pytest.mark.django_db


def make_form(data):
    return ConsultationRequestForm(data=data, clinic=ClinicDetails.load())


def test_valid_request_saves_with_consent_time(consultation_data):
    form = make_form(consultation_data)
    assert form.is_valid(), form.errors
    request = form.save()
    assert request.status == ConsultationRequest.Status.NEW
    assert request.consented_at is not None
    assert len(request.reference) == 8


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "   "}, "name", "Please tell us your name."),
        ({"email": "", "phone": ""}, "email", "Please give an email address or a phone number."),
        ({"email": "", "preferred_contact": "email"}, "email", "You chose email: please give your email address."),
        ({"phone": "", "preferred_contact": "phone"}, "phone", "You chose phone: please give your phone number."),
        ({"email": "not-an-email"}, "email", "Please enter an email address like name@example.com."),
        ({"phone": "12345"}, "phone", "Please enter a phone number of 7 to 20 digits."),
        ({"phone": "1" * 21}, "phone", "Please enter a phone number of 7 to 20 digits."),
        ({"phone": "555-0100 ext. 4"}, "phone", "Please enter a phone number of 7 to 20 digits."),
        ({"preferred_contact": ""}, "preferred_contact", "Please choose how we should contact you."),
        ({"preferred_contact": "fax"}, "preferred_contact", "Select a valid choice."),
        ({"treatment": "999999"}, "treatment", "Select a valid choice."),
        ({"consent": ""}, "consent", "Please tick this box so we can contact you."),
        ({"name": "x" * 121}, "name", "Ensure this value has at most 120 characters"),
        ({"message": "x" * 2001}, "message", "Ensure this value has at most 2000 characters"),
        ({"preferred_time": "x" * 121}, "preferred_time", "Ensure this value has at most 120 characters"),
        ({"name": "Jane\x00"}, "name", "Null characters are not allowed."),
    ],
)
def test_rules_fail_with_a_clear_message(consultation_data, changes, field, message):
    form = make_form({**consultation_data, **changes})
    assert not form.is_valid()
    assert any(message in error for error in form.errors[field]), form.errors


@pytest.mark.parametrize("phone", ["5550100199", "+44 20 7946 0958", "(555) 010-0199", "+1-555-010-0199"])
def test_phone_is_accepted_leniently(consultation_data, phone):
    assert make_form({**consultation_data, "phone": phone, "preferred_contact": "phone"}).is_valid()


def test_phone_only_request_is_fine(consultation_data):
    form = make_form({**consultation_data, "email": "", "preferred_contact": "phone"})
    assert form.is_valid(), form.errors


def test_fields_are_trimmed(consultation_data):
    form = make_form({**consultation_data, "name": "  Jane Patient  ", "email": " jane@example.com "})
    assert form.is_valid()
    assert form.cleaned_data["name"] == "Jane Patient"
    assert form.cleaned_data["email"] == "jane@example.com"


def test_only_published_treatments_can_be_chosen(consultation_data, make_treatment):
    draft = make_treatment("draft", status=Treatment.Status.DRAFT)
    form = make_form({**consultation_data, "treatment": str(draft.pk)})
    assert not form.is_valid()
    assert "treatment" in form.errors


def test_consent_is_not_ticked_in_advance(clinic):
    form = ConsultationRequestForm(clinic=clinic)
    assert "checked" not in str(form["consent"])


def test_honeypot_marks_spam(consultation_data):
    form = make_form({**consultation_data, "website": "http://spam.example"})
    assert form.is_valid()
    assert form.save().status == ConsultationRequest.Status.SPAM
