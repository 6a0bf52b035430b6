from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import ConsultationRequestFactory
from treatments.models import ConsultationRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_of_all_ages():
    old = timezone.now() - timedelta(days=366)
    recent = timezone.now() - timedelta(days=364)

    def make(name, status, created):
        return ConsultationRequestFactory(name=name, status=status, created=created, consented_at=created)

    return {
        "old closed": make("old closed", "closed", old),
        "old not suitable": make("old not suitable", "not_suitable", old),
        "old spam": make("old spam", "spam", old),
        "old new": make("old new", "new", old),
        "old scheduled": make("old scheduled", "scheduled", old),
        "old contacted": make("old contacted", "contacted", old),
        "recent closed": make("recent closed", "closed", recent),
    }


def names():
    return set(ConsultationRequest.objects.values_list("name", flat=True))


def test_dry_run_says_what_it_would_delete_and_deletes_nothing(requests_of_all_ages, capsys):
    call_command("purge_consultations", "--dry-run")
    output = capsys.readouterr().out
    assert "Would delete 3 request(s) older than 365 days. Nothing was deleted." in output
    assert requests_of_all_ages["old spam"].reference in output
    assert len(names()) == 7


def test_purge_deletes_only_finished_requests_past_retention(requests_of_all_ages, capsys):
    call_command("purge_consultations")
    assert "Deleted 3 request(s)" in capsys.readouterr().out
    assert names() == {"old new", "old scheduled", "old contacted", "recent closed"}


def test_retention_is_a_setting(requests_of_all_ages, settings):
    settings.CONSULTATION_RETENTION_DAYS = 30
    call_command("purge_consultations", verbosity=0)
    assert names() == {"old new", "old scheduled", "old contacted"}
