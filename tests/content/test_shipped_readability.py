"""The issue's "Every shipped section reads at grade 8 or lower, as the admin shows": each shipped procedure's
Readability panel in the admin."""

import pytest
from django.conf import settings
from pytest_django.asserts import assertContains, assertNotContains

from tests.helpers import admin_change_url
from treatments.models import Treatment
from treatments.procedures.structure import SECTIONS

pytestmark = pytest.mark.django_db

PROSE_SECTIONS = sum(section.prose for section in SECTIONS)


def test_admin_shows_every_shipped_section_within_the_target_and_no_long_sentence(admin_client, clinic_content):
    treatments = Treatment.objects.all()
    assert len(treatments) == 10
    for treatment in treatments:
        response = admin_client.get(admin_change_url(treatment))
        # The whole page and every prose section, each graded: none is empty, none is above the target.
        # In English and in Spanish (INFLESZ 65 or more), each with its own table.
        languages = len(settings.LANGUAGES)
        assertContains(response, "Within the target", count=(PROSE_SECTIONS + 1) * languages, msg_prefix=treatment.slug)
        assertNotContains(response, "Above the target", msg_prefix=treatment.slug)
        assertContains(
            response, "None: every sentence has 25 words or fewer.", count=languages, msg_prefix=treatment.slug
        )
