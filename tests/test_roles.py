from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.helpers import admin_change_url
from treatments.roles import CONTENT_EDITORS, FRONT_DESK

pytestmark = pytest.mark.django_db

CONTENT_PAGES = [
    "/admin/treatments/treatment/",
    "/admin/treatments/condition/",
    "/admin/treatments/specialist/",
]


def test_setup_roles_is_idempotent():
    before = {group.name: set(group.permissions.values_list("codename", flat=True)) for group in Group.objects.all()}
    call_command("setup_roles", verbosity=0)
    call_command("setup_roles", verbosity=0)
    after = {group.name: set(group.permissions.values_list("codename", flat=True)) for group in Group.objects.all()}
    assert after == before
    assert {CONTENT_EDITORS, FRONT_DESK} <= set(after)


def test_content_editors_edit_content_and_never_see_requests(content_editor_client, treatment):
    for url in [*CONTENT_PAGES, admin_change_url(treatment), "/admin/treatments/treatment/add/"]:
        assert content_editor_client.get(url).status_code == HTTPStatus.OK, url
    assert content_editor_client.get("/admin/treatments/consultationrequest/").status_code == HTTPStatus.FORBIDDEN
    index = content_editor_client.get("/admin/").content.decode()
    assert "Consultation requests" not in index
    assert "new consultation request" not in index


def test_front_desk_handles_requests_and_only_reads_procedures(front_desk_client, treatment):
    title = treatment.title
    assert front_desk_client.get("/admin/treatments/consultationrequest/").status_code == HTTPStatus.OK
    for url in CONTENT_PAGES:
        assert front_desk_client.get(url).status_code == HTTPStatus.OK, url
    change_page = front_desk_client.get(admin_change_url(treatment))
    assert change_page.status_code == HTTPStatus.OK
    assert not change_page.context["has_change_permission"]
    assert front_desk_client.get("/admin/treatments/treatment/add/").status_code == HTTPStatus.FORBIDDEN
    response = front_desk_client.post(admin_change_url(treatment), {"title": "Changed by the front desk"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    treatment.refresh_from_db()
    assert treatment.title == title
