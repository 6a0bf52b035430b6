import pytest
from django.core.management import call_command

from treatments.models import Treatment

SHIPPED_SLUG = "ultrasound-guided-sclerotherapy"


@pytest.fixture(scope="package")
def shipped_content_loaded(django_db_setup, django_db_blocker):
    """The content the clinic ships, loaded once for this package's tests, the way the run command loads it.

    Each test still runs in its own transaction, rolled back after it, so what one test changes no other sees.
    Afterwards the database is emptied again (flush re-runs what migrate sets up, such as the staff groups), so
    the tests outside this package start from the empty database they expect.
    """
    with django_db_blocker.unblock():
        call_command("load_clinic_content", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def clinic_content(shipped_content_loaded, db):
    return Treatment.objects.get(slug=SHIPPED_SLUG)
