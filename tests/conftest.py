"""Fixtures for the whole suite, built with factories (tests/factories.py).

Only tests/content/ loads the clinic's shipped content: editing it breaks no other test.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from tests.factories import (
    ClinicDetailsFactory,
    ConditionFactory,
    SpecialistFactory,
    TreatmentFactory,
    UserFactory,
)
from treatments.models import Treatment
from treatments.roles import CONTENT_EDITORS, FRONT_DESK


@pytest.fixture(autouse=True)
def media_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counts must not leak from one test to the next."""
    cache.clear()


@pytest.fixture
def clinic(db):
    return ClinicDetailsFactory()


@pytest.fixture
def specialist(db):
    return SpecialistFactory(name="Dr. Ada Vein")


@pytest.fixture
def condition(db):
    return ConditionFactory(name="Leg ulcers", slug="leg-ulcers", summary="Sores that heal slowly.")


@pytest.fixture
def treatment(clinic, condition):
    """A published procedure with three rows in every list, a reviewer and a condition, in a clinic."""
    return TreatmentFactory(rows=3, reviewed=True, conditions=[condition])


@pytest.fixture
def make_treatment(db):
    def make(slug="test-procedure", status=Treatment.Status.PUBLISHED, **fields):
        fields.setdefault("title", slug.replace("-", " ").capitalize())
        return TreatmentFactory(slug=slug, status=status, **fields)

    return make


@pytest.fixture
def consultation_data(treatment):
    """A valid consultation request, as the form posts it."""
    return {
        "name": "Jane Patient",
        "email": "jane@example.com",
        "phone": "+1 (555) 010-0199",
        "preferred_contact": "email",
        "preferred_time": "weekday mornings",
        "treatment": str(treatment.pk),
        "message": "My legs ache by the evening.",
        "consent": "on",
        "website": "",
    }


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(username="editor"))
    return client


@pytest.fixture
def front_desk_client(client):
    return client_in_group(client, FRONT_DESK, "frontdesk")


@pytest.fixture
def content_editor_client(client):
    return client_in_group(client, CONTENT_EDITORS, "content-editor")


def client_in_group(client, group_name, username):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return client
