import pytest
from django.core.management import call_command

from treatments.models import Treatment

SHIPPED_SLUG = "ultrasound-guided-sclerotherapy"


@pytest.fixture
def clinic_content(db):
    """The content the clinic ships, loaded the way the run command loads it."""
    call_command("load_clinic_content", verbosity=0)
    return Treatment.objects.get(slug=SHIPPED_SLUG)
