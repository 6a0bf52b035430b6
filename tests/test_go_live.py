"""`manage.py go_live_check` and the admin's home page list what must be replaced before patients see the site."""

import pytest
from django.core.management import call_command

from tests.factories import SpecialistFactory
from tests.helpers import replace_go_live_placeholders
from treatments import go_live

pytestmark = pytest.mark.django_db


@pytest.fixture
def placeholders(clinic, treatment):
    SpecialistFactory(name="Sample Reviewer", is_sample=True)
    treatment.reviewer.is_sample = True
    treatment.reviewer.save()


@pytest.mark.parametrize(
    ("phone", "placeholder"),
    [("(555) 010-0100", True), ("212-555-0142", True), ("+1 (212) 555-7000", False), ("(617) 010-0100", False)],
)
def test_placeholder_phone_numbers(phone, placeholder):
    assert go_live.is_placeholder_phone(phone) is placeholder


def test_lists_every_placeholder_and_unreviewed_page_then_exits_1(placeholders, treatment, capsys):
    with pytest.raises(SystemExit) as exit_status:
        call_command("go_live_check")
    assert exit_status.value.code == 1
    output = capsys.readouterr().out
    for expected in ("phone number", "email address", "address is a placeholder", "CONSULTATION_STAFF_EMAIL"):
        assert expected in output
    assert "'Sample Reviewer' is a sample profile" in output
    assert f"Published page '{treatment.title}' has not been reviewed" in output


def test_exits_0_once_everything_is_replaced(placeholders, settings, capsys):
    replace_go_live_placeholders(settings)
    call_command("go_live_check")
    assert "Ready to go live" in capsys.readouterr().out
    assert go_live.problems() == []


def test_admin_home_warns_content_editors(placeholders, content_editor_client):
    page = content_editor_client.get("/admin/").content.decode()
    assert "Before patients see this site, replace:" in page
    assert "is a sample profile" in page


def test_server_settings_are_listed_for_superusers_only(placeholders, content_editor_client, admin_client, settings):
    settings.CONSULTATION_STAFF_EMAIL = "desk@clinic.example"
    assert "Setting CONSULTATION_STAFF_EMAIL" not in content_editor_client.get("/admin/").content.decode()
    assert "Setting CONSULTATION_STAFF_EMAIL" in admin_client.get("/admin/").content.decode()
