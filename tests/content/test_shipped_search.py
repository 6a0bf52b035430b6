"""Search on the content the clinic ships (the Done-when of issue 10): "polidocanol" finds the sclerotherapy page."""

from http import HTTPStatus

import pytest

from tests.content.conftest import SHIPPED_SLUG

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
