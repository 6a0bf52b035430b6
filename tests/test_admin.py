import datetime
import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.helpers import admin_change_url, admin_form_data, post_admin_form
from treatments.models import ClinicDetails, Treatment
from treatments.procedures.structure import LISTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(admin_client, treatment):
    """A superuser, with a clinic and a procedure (its lists, reviewer and condition) to look at."""
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
def test_admin_pages_load_for_staff(superuser_client, clinic, url):
    response = superuser_client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert f"{clinic.name}: staff" in response.content.decode()


def test_treatment_change_page_shows_lists_under_their_sections(superuser_client, treatment):
    response = superuser_client.get(admin_change_url(treatment))
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    page = page[page.index('class="form-jump"') :].split("</nav>", 1)[1]  # The form, after its jump menu.
    headings = [
        "2. Key facts",
        "4. How it works",
        "Steps",
        "11. Risks and side effects",
        "Risks",
        "Warning signs on this page",
        "16. Sources",
    ]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "12. Questions patients ask" in page


def test_clinic_details_list_goes_to_the_one_row(superuser_client):
    response = superuser_client.get("/admin/treatments/clinicdetails/")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == "/admin/treatments/clinicdetails/1/change/"
    assert superuser_client.get(response.url).status_code == HTTPStatus.OK


def test_clinic_details_cannot_be_added_twice_or_deleted(superuser_client):
    assert superuser_client.get("/admin/treatments/clinicdetails/add/").status_code == HTTPStatus.FORBIDDEN
    assert superuser_client.get("/admin/treatments/clinicdetails/1/delete/").status_code == HTTPStatus.FORBIDDEN


def test_review_overdue_filter(superuser_client, treatment):
    Treatment.objects.filter(pk=treatment.pk).update(next_review_due=datetime.date(2000, 1, 1))
    overdue = superuser_client.get("/admin/treatments/treatment/?review=overdue")
    assert list(overdue.context["cl"].result_list) == [treatment]
    assert "(overdue)" in overdue.content.decode()
    up_to_date = superuser_client.get("/admin/treatments/treatment/?review=due")
    assert list(up_to_date.context["cl"].result_list) == []


@pytest.mark.parametrize("url", ["/admin/", "/admin/treatments/treatment/", "/admin/treatments/clinicdetails/"])
def test_anonymous_visitors_go_to_login(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith("/admin/login/")


def test_staff_edit_of_overview_shows_on_the_next_request(superuser_client, client, treatment):
    rows = list_rows(treatment)
    assert rows == {part.related_name: 3 for part in LISTS}  # Every inline is posted back with its rows.
    response = post_admin_form(
        superuser_client, admin_change_url(treatment), overview="An edited overview, written by staff."
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"] if response.context else ""
    assert "An edited overview, written by staff." in client.get(treatment.get_absolute_url()).content.decode()
    assert list_rows(treatment) == rows


def test_admin_refuses_an_image_without_alt_text(superuser_client, treatment):
    response = post_admin_form(
        superuser_client, admin_change_url(treatment), hero_image=png_upload(), hero_image_alt=""
    )
    assert response.status_code == HTTPStatus.OK
    assert "Describe the image for people who cannot see it." in response.content.decode()


def test_clinic_details_edit_reaches_every_page(superuser_client, client):
    response = post_admin_form(superuser_client, "/admin/treatments/clinicdetails/1/change/", phone="(555) 010-9999")
    assert response.status_code == HTTPStatus.FOUND
    assert ClinicDetails.load().phone == "(555) 010-9999"
    assert "(555) 010-9999" in client.get("/").content.decode()


def list_rows(treatment):
    return {part.related_name: part.content(treatment).count() for part in LISTS}


def png_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return SimpleUploadedFile("leg.png", buffer.getvalue(), content_type="image/png")


def test_the_form_opens_with_a_jump_menu_and_its_sections_closed(superuser_client, treatment):
    page = superuser_client.get(admin_change_url(treatment)).content.decode()
    assert 'class="form-jump"' in page
    assert page.count('<details class="form-section" open>') == 1  # The page's title and address.
    assert page.count('<details class="form-section">') >= 15


def test_every_error_is_listed_at_the_top_rows_included(superuser_client, treatment):
    data = admin_form_data(superuser_client.get(admin_change_url(treatment)))
    row = next(
        key.removesuffix("-from_day") for key in data if key.startswith("aftercare_do-") and key.endswith("-from_day")
    )
    response = superuser_client.post(admin_change_url(treatment), data | {"title": "", f"{row}-from_day": "-3"})
    top = response.content.decode().split('id="form-errors"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#id_title">Title</a>' in top
    number = int(row.split("-")[1]) + 1
    assert f'<a href="#id_{row}-from_day">Aftercare: do, row {number}' in top
    assert (
        '<details class="form-section" open>' in response.content.decode().split(f'id="id_{row}-from_day"')[0][-20000:]
    )
