"""The order of a procedure's rows, as staff set it in the form: new rows last, a number moves a row, no ties."""

from http import HTTPStatus

import pytest

from tests.helpers import admin_change_url, admin_form_data

pytestmark = pytest.mark.django_db


def faq_rows(data):
    """Each FAQ row's form prefix, keyed by the row's question."""
    return {data[f"{key.removesuffix('-id')}-question"]: key.removesuffix("-id") for key in data
            if key.startswith("faqs-") and key.endswith("-id") and data[key]}  # fmt: skip


def post(client, treatment, data):
    response = client.post(admin_change_url(treatment), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"] if response.context else ""


def order(treatment):
    return list(treatment.faqs.order_by("position").values_list("question", "position"))


def test_a_new_row_without_a_number_goes_last(admin_client, treatment):
    data = admin_form_data(admin_client.get(admin_change_url(treatment)))
    new = int(data["faqs-TOTAL_FORMS"])
    data |= {"faqs-TOTAL_FORMS": new + 1, f"faqs-{new}-question": "Added last?", f"faqs-{new}-answer": "Yes."}
    post(admin_client, treatment, data)
    rows = order(treatment)
    assert rows[-1][0] == "Added last?"
    assert [position for _, position in rows] == list(range(1, len(rows) + 1))


def test_a_row_given_number_one_moves_to_the_top_and_the_others_keep_their_order(admin_client, treatment):
    before = [question for question, _ in order(treatment)]
    data = admin_form_data(admin_client.get(admin_change_url(treatment)))
    data[f"{faq_rows(data)[before[-1]]}-position"] = 1
    post(admin_client, treatment, data)
    assert order(treatment) == [(question, number) for number, question in enumerate([before[-1], *before[:-1]], 1)]


def test_rows_given_the_same_number_never_tie(admin_client, treatment):
    before = [question for question, _ in order(treatment)]
    data = admin_form_data(admin_client.get(admin_change_url(treatment)))
    data[f"{faq_rows(data)[before[2]]}-position"] = 2  # Onto the second row's number: it goes before it.
    post(admin_client, treatment, data)
    assert order(treatment) == [(before[0], 1), (before[2], 2), (before[1], 3)]
