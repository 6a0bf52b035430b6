"""'My summary': the patient's choices on a compare page, to print or to send with a consultation request.

Nothing is stored until the patient ticks the box on the form: not the choices, not the summary, not in the logs.
"""

import logging
from http import HTTPStatus
from urllib.parse import urlencode

import pytest

from tests.factories import TreatmentFactory
from treatments.models import ConsultationRequest

pytestmark = pytest.mark.django_db

CHOICES = [("priority", "fewest-visits"), ("priority", "least-pain")]


@pytest.fixture
def options(condition, clinic):
    made = []
    for position, title in enumerate(["Laser closure", "Foam injections", "Waiting"], 1):
        treatment = TreatmentFactory(
            title=title, short_visits=f"{title} takes one visit.", short_pain=f"{title} stings a little."
        )
        treatment.conditions.add(condition, through_defaults={"position": position})
        treatment.questions_to_ask.create(text=f"How often do you do {title.lower()}?", position=1)
        made.append(treatment)
    return made


@pytest.fixture
def chosen(condition, options):
    """The query a patient's choices make: two options, two priorities, and the compare page they came from."""
    return [("option", options[0].slug), ("option", options[1].slug), *CHOICES]


def summary_page(client, condition, chosen):
    response = client.get(f"{condition.get_absolute_url()}compare/summary/?{urlencode(chosen)}")
    assert response.status_code == HTTPStatus.OK
    return response


def test_the_summary_gathers_options_priorities_and_questions_and_prints(client, condition, options, chosen):
    response = summary_page(client, condition, chosen)
    page = response.content.decode()
    assert not response.cookies
    assert "<dt>Options I looked at</dt><dd>Laser closure, Foam injections</dd>" in page
    assert "<dt>What matters most to me</dt><dd>Fewest visits, Least pain</dd>" in page
    assert "<dt>Fewest visits</dt><dd>Laser closure takes one visit.</dd>" in page
    assert "How often do you do laser closure?" in page and "How often do you do waiting?" not in page
    assert 'class="print-only print-masthead"' in page
    assert '<meta name="robots" content="noindex' in page


def test_the_compare_page_links_to_the_summary_with_the_same_choices(client, condition, chosen):
    page = client.get(f"{condition.get_absolute_url()}compare/?{urlencode(chosen)}").content.decode()
    assert f'href="{condition.get_absolute_url()}compare/summary/?{urlencode(chosen).replace("&", "&amp;")}"' in page


def consultation_form(client, condition, chosen):
    page = client.get(f"/consultation/?{urlencode([('summary', condition.slug), *chosen])}").content.decode()
    return page


def test_the_form_offers_the_summary_unticked_and_says_what_it_holds(client, condition, chosen):
    page = consultation_form(client, condition, chosen)
    box = page[page.index('name="attach_summary"') - 200 :]
    assert 'type="checkbox"' in box and "checked" not in box.split(">", 1)[0]
    assert "Send my summary from the compare page with this request (optional)" in page
    assert "Options I looked at: Laser closure, Foam injections" in page
    assert "Only if you tick this box." in page


def test_without_a_summary_in_the_link_the_form_has_no_such_part(client, clinic):
    assert "attach_summary" not in client.get("/consultation/").content.decode()


def post_with_summary(client, condition, chosen, consultation_data, attach):
    data = {**consultation_data, "summary_choices": urlencode([("summary", condition.slug), *chosen])}
    if attach:
        data["attach_summary"] = "on"
    response = client.post("/consultation/", data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    return ConsultationRequest.objects.get()


def test_a_ticked_summary_reaches_the_front_desk(client, condition, chosen, consultation_data, admin_client):
    request = post_with_summary(client, condition, chosen, consultation_data, attach=True)
    assert request.decision_summary.startswith(f"Compare page: {condition.name}\nOptions I looked at: Laser closure")
    assert "- Fewest visits: Laser closure takes one visit." in request.decision_summary
    assert "- How often do you do foam injections?" in request.decision_summary
    page = admin_client.get(request.get_admin_url()).content.decode()
    assert "The patient&#x27;s summary" in page or "The patient's summary" in page
    assert "Options I looked at: Laser closure, Foam injections" in page


def test_without_consent_nothing_of_the_summary_is_stored_or_logged(
    client, condition, chosen, consultation_data, caplog
):
    caplog.set_level(logging.DEBUG)
    consultation_form(client, condition, chosen)
    summary_page(client, condition, chosen)
    request = post_with_summary(client, condition, chosen, consultation_data, attach=False)
    assert request.decision_summary == ""
    stored = " ".join(str(value) for value in ConsultationRequest.objects.values().get().values())
    for trace in ("Laser closure", "Foam injections", "fewest-visits", "Fewest visits", "laser-closure"):
        assert trace not in stored
        assert trace not in caplog.text


def test_a_tampered_summary_is_ignored_not_a_500(client, condition, chosen, consultation_data):
    data = {**consultation_data, "summary_choices": "summary=no-such-condition&option=x", "attach_summary": "on"}
    response = client.post("/consultation/", data)
    assert response.status_code == HTTPStatus.FOUND
    assert ConsultationRequest.objects.get().decision_summary == ""
