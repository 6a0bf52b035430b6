"""Search on the content the clinic ships: "polidocanol" finds the sclerotherapy pages (issue 10), "pain" the
"Does it hurt?" answers (issue 18)."""

from http import HTTPStatus

import pytest

from tests.content.conftest import SHIPPED_SLUG
from treatments.models import Treatment
from treatments.procedures.structure import GRID_ANCHORS

pytestmark = pytest.mark.django_db


def search(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == HTTPStatus.OK
    return response


def test_polidocanol_finds_the_two_sclerotherapy_pages_first(client, clinic_content):
    """Both inject polidocanol: the foam page for varicose veins, the liquid one for spider veins."""
    response = search(client, "polidocanol")
    first_two = response.context["results"][:2]
    assert {document.url for document, _ in first_two} == {
        f"/treatments/{SHIPPED_SLUG}/",
        "/treatments/sclerotherapy-for-spider-veins/",
    }
    assert {document.kind for document, _ in first_two} == {"Procedure"}
    assert all("<mark>polidocanol</mark>" in words for _, words in first_two)
    assert f'<a href="/treatments/{SHIPPED_SLUG}/">{clinic_content.title}</a>' in response.content.decode()


def test_a_common_word_finds_procedures_and_conditions_a_page_at_a_time(client, clinic_content):
    response = search(client, "varicose veins")
    assert {document.kind for document, _ in response.context["results"]} >= {"Procedure", "Condition"}
    assert response.context["page_obj"].paginator.count > 10


def test_a_patients_question_finds_the_questions_that_answer_it(client, clinic_content):
    results = search(client, "stockings on a long flight").context["results"]
    questions = [document for document, _ in results if document.kind == "Question"]
    assert "/treatments/compression-stockings/#questions" in {question.url for question in questions}


def test_pain_finds_every_does_it_hurt_answer_first(client, clinic_content):
    """The compare grid's "Does it hurt?" answers, one a published procedure, each linking to "What to expect"."""
    results = search(client, "pain").context["results"]
    published = Treatment.objects.published().exclude(short_pain="")
    first = [document for document, _ in results[: published.count()]]
    assert {document.kind for document in first} == {"Short answer"}
    assert all(document.title.endswith(": does it hurt?") for document in first)
    assert {document.url for document in first} == {
        f"{treatment.get_absolute_url()}#{GRID_ANCHORS['short_pain']}" for treatment in published
    }


def test_pain_with_a_procedure_finds_its_answer_first(client, clinic_content):
    document, words = search(client, "painful laser").context["results"][0]
    assert document.title == "Endovenous laser ablation: does it hurt?"
    assert words  # The short answer, as the excerpt.


def test_a_word_the_answers_are_not_found_by_lists_none_of_them(client, clinic_content):
    """Every procedure answers "Will my veins come back?": "veins" would otherwise list them all first."""
    results = search(client, "veins").context["results"]
    assert "Short answer" not in {document.kind for document, _ in results}
