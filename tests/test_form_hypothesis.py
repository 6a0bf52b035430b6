"""Whatever is typed into the consultation form, the site never fails, and saves exactly what it accepts.

Hypothesis posts text into every field as a browser does (urlencoded UTF-8): st.text()'s whole range
(every code point but the surrogates, which UTF-8 cannot carry), samples of control characters, emoji,
right-to-left text and invisible characters, and NUL bytes. Each post gets one of:

- 302: accepted. The saved row holds what Django's own form cleans the input to, compared field by field
  with ConsultationRequestForm(data).cleaned_data: the same text, except that Django's CharField strips
  white space around it (" Jane " is saved as "Jane"), the way the form has always worked.
- 200: the form again, with its errors; nothing saved.
- 400: the input held a NUL byte, which no one types and PostgreSQL cannot store: refused before the
  form (treatments/operations/bad_input.py); nothing saved.

Never a 500. Runs on the suite's database, so on PostgreSQL too.
"""

from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.helpers import FORM_URL
from treatments.consultations.forms import ConsultationRequestForm
from treatments.consultations.views import REFERENCE_COOKIE, remembered_reference
from treatments.models import ClinicDetails, ConsultationRequest

pytestmark = pytest.mark.django_db

SAMPLES = [
    "\x01\x07\x1b\x7f\x85",  # control characters
    " \t\r\n ",
    "😀👩🏽‍⚕️🇺🇸",  # emoji, with a skin tone, a joiner and a flag
    "שלום",  # Hebrew, right to left
    "مرحبا بكم",  # Arabic
    "\u202eevil\u202c",  # right-to-left override
    "\u200b\ufeff\u00ad",  # invisible: zero-width space, byte-order mark, soft hyphen
    "Zoë Ñandú",
    "\U0010fffd\ufffd",  # the last private-use code point, the replacement character
]
# NUL bytes are put in by the test itself (nul_in), so that most examples reach the form.
characters = st.characters(codec="utf-8", exclude_characters="\x00")
typed = st.one_of(
    st.text(characters),
    st.sampled_from(SAMPLES),
    st.lists(st.one_of(st.sampled_from(SAMPLES), st.text(characters, max_size=5)), max_size=6).map("".join),
)
FIELDS = [*ConsultationRequest.PATIENT_FIELDS, "consent", "website"]
EXAMPLES = settings(
    max_examples=100,
    deadline=None,
    database=None,  # A failing example is printed, not kept to be replayed: every run draws afresh.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def form_context(settings, treatment):
    settings.CONSULTATION_RATE_LIMIT = "100000/m"  # Every example comes from the test client's one address.
    return {"treatment": str(treatment.pk), "clinic": ClinicDetails.load()}


def post_and_check(data, clinic):
    """Posts `data` as a browser would, and checks the answer against what Django's form makes of it."""
    before = ConsultationRequest.objects.count()
    client = Client()
    response = client.post(FORM_URL, urlencode(data), content_type="application/x-www-form-urlencoded")
    event(f"answered {response.status_code}")  # --hypothesis-show-statistics: how often each answer came.
    form = ConsultationRequestForm(data=data, clinic=clinic) if "\x00" not in "".join(data.values()) else None
    if response.status_code == HTTPStatus.BAD_REQUEST:
        assert form is None, "only a NUL byte is refused before the form"
    elif response.status_code == HTTPStatus.OK:
        assert form is not None and not form.is_valid()
    else:
        assert response.status_code == HTTPStatus.FOUND, response.status_code
        assert form is not None and form.is_valid(), form.errors
        thanks = RequestFactory().get(response.url)
        thanks.COOKIES[REFERENCE_COOKIE] = client.cookies[REFERENCE_COOKIE].value
        saved = ConsultationRequest.objects.get(reference=remembered_reference(thanks))
        for field in ConsultationRequest.PATIENT_FIELDS:
            assert getattr(saved, field) == form.cleaned_data[field], field
        return
    assert ConsultationRequest.objects.count() == before


@EXAMPLES
@given(
    name=typed,
    email=st.one_of(typed, st.emails()),
    phone=st.one_of(typed, st.from_regex(r"\+?[0-9][0-9 ()-]{6,24}", fullmatch=True)),
    preferred_contact=st.one_of(typed, st.sampled_from(["email", "phone"])),
    preferred_time=typed,
    treatment=st.one_of(typed, st.sampled_from(["", "TREATMENT"])),
    message=st.one_of(typed, st.text(characters, min_size=1990, max_size=2010)),
    consent=st.one_of(typed, st.just("on")),
    website=st.one_of(st.just(""), typed),
    nul_in=st.one_of(st.none(), st.sampled_from(FIELDS)),
)
def test_any_input_in_any_field_is_never_a_500(form_context, nul_in, **fields):
    fields["treatment"] = fields["treatment"].replace("TREATMENT", form_context["treatment"])
    if nul_in:
        fields[nul_in] += "\x00"
    post_and_check(fields, form_context["clinic"])


@EXAMPLES
@given(name=typed, preferred_time=typed, message=typed)
def test_free_text_is_saved_as_typed(form_context, name, preferred_time, message):
    """A request that is otherwise valid: what is typed in its free-text fields is what staff read."""
    fields = {
        "name": name,
        "phone": "+1 (555) 010-0199",
        "preferred_contact": "phone",
        "preferred_time": preferred_time,
        "treatment": form_context["treatment"],
        "message": message,
        "consent": "on",
        "website": "",
    }
    post_and_check(fields, form_context["clinic"])
