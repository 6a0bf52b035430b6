import datetime
import io
from http import HTTPStatus

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from treatments.models import ClinicDetails, Treatment

pytestmark = pytest.mark.django_db

DETAIL_URL = "/treatments/ultrasound-guided-sclerotherapy/"


def admin_form_data(response):
    """The POST data a browser would send back from an admin change form, unchanged."""
    data = {}
    bound_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
        bound_forms.extend(formset.forms)
    for form in bound_forms:
        for field in form:
            value = field.value()
            if value is None or value is False or isinstance(field.field, forms.FileField):
                continue
            data[field.html_name] = "on" if value is True else value
    return data


@pytest.fixture
def superuser_client(admin_client, clinic_content):
    return admin_client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/treatments/treatment/",
        "/admin/treatments/treatment/add/",
        "/admin/treatments/treatment/?review=overdue",
        "/admin/treatments/treatment/?review=due",
        "/admin/treatments/condition/",
        "/admin/treatments/condition/add/",
        "/admin/treatments/specialist/",
        "/admin/treatments/specialist/add/",
    ],
)
def test_admin_pages_load_for_staff(superuser_client, url):
    response = superuser_client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert "Truffle Vein Specialists: staff" in response.content.decode()


def test_treatment_change_page_shows_lists_under_their_sections(superuser_client, clinic_content):
    response = superuser_client.get(f"/admin/treatments/treatment/{clinic_content.pk}/change/")
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    headings = ["2. How it works", "Steps", "9. Risks and side effects", "Risks", "Warning signs (get help now)"]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "10. Questions patients ask" in page


def test_clinic_details_list_goes_to_the_one_row(superuser_client):
    response = superuser_client.get("/admin/treatments/clinicdetails/")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == "/admin/treatments/clinicdetails/1/change/"
    assert superuser_client.get(response.url).status_code == HTTPStatus.OK


def test_clinic_details_cannot_be_added_twice_or_deleted(superuser_client):
    assert superuser_client.get("/admin/treatments/clinicdetails/add/").status_code == HTTPStatus.FORBIDDEN
    assert superuser_client.get("/admin/treatments/clinicdetails/1/delete/").status_code == HTTPStatus.FORBIDDEN


def test_review_overdue_filter(superuser_client, clinic_content):
    Treatment.objects.filter(pk=clinic_content.pk).update(next_review_due=datetime.date(2000, 1, 1))
    overdue = superuser_client.get("/admin/treatments/treatment/?review=overdue")
    assert list(overdue.context["cl"].result_list) == [clinic_content]
    assert "(overdue)" in overdue.content.decode()
    up_to_date = superuser_client.get("/admin/treatments/treatment/?review=due")
    assert list(up_to_date.context["cl"].result_list) == []


@pytest.mark.parametrize("url", ["/admin/", "/admin/treatments/treatment/", "/admin/treatments/clinicdetails/"])
def test_anonymous_visitors_go_to_login(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith("/admin/login/")


def test_staff_edit_of_overview_shows_on_the_next_request(superuser_client, client, clinic_content):
    change_url = f"/admin/treatments/treatment/{clinic_content.pk}/change/"
    data = admin_form_data(superuser_client.get(change_url))
    data["overview"] = "An edited overview, written by staff."
    response = superuser_client.post(change_url, data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"] if response.context else ""
    assert "An edited overview, written by staff." in client.get(DETAIL_URL).content.decode()
    clinic_content.refresh_from_db()
    assert clinic_content.faqs.count() == 8


def test_admin_refuses_an_image_without_alt_text(superuser_client, clinic_content):
    change_url = f"/admin/treatments/treatment/{clinic_content.pk}/change/"
    data = admin_form_data(superuser_client.get(change_url))
    data["hero_image"] = png_upload()
    response = superuser_client.post(change_url, data)
    assert response.status_code == HTTPStatus.OK
    assert "Describe the image for people who cannot see it." in response.content.decode()


def png_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return SimpleUploadedFile("leg.png", buffer.getvalue(), content_type="image/png")


def test_clinic_details_edit_reaches_every_page(superuser_client, client):
    data = admin_form_data(superuser_client.get("/admin/treatments/clinicdetails/1/change/"))
    data["phone"] = "(555) 010-9999"
    assert superuser_client.post("/admin/treatments/clinicdetails/1/change/", data).status_code == HTTPStatus.FOUND
    assert ClinicDetails.load().phone == "(555) 010-9999"
    assert "(555) 010-9999" in client.get("/").content.decode()
