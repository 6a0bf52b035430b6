import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command

from treatments.models import Condition, Specialist, Treatment
from treatments.roles import CONTENT_EDITORS, FRONT_DESK

SHIPPED_SLUG = "ultrasound-guided-sclerotherapy"


@pytest.fixture(autouse=True)
def media_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clinic_content(db):
    """The content the clinic ships, loaded the way the run command loads it."""
    call_command("load_clinic_content", verbosity=0)
    return Treatment.objects.get(slug=SHIPPED_SLUG)


@pytest.fixture
def specialist(db):
    return Specialist.objects.create(name="Dr. Ada Vein", credentials="Board-certified vascular surgeon")


@pytest.fixture
def condition(db):
    return Condition.objects.create(
        name="Leg ulcers", slug="leg-ulcers", summary="Sores that heal slowly.", description="Open sores on the leg."
    )


@pytest.fixture
def make_treatment(db):
    def make(slug="test-procedure", status=Treatment.Status.PUBLISHED, **fields):
        fields.setdefault("title", slug.replace("-", " ").capitalize())
        fields.setdefault("summary", f"Summary of {slug}.")
        fields.setdefault("overview", f"Overview of {slug}.")
        return Treatment.objects.create(slug=slug, status=status, **fields)

    return make


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="a long test password", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counts must not leak from one test to the next."""
    cache.clear()


@pytest.fixture
def consultation_data(clinic_content):
    """A valid consultation request, as the form posts it."""
    return {
        "name": "Jane Patient",
        "email": "jane@example.com",
        "phone": "+1 (555) 010-0199",
        "preferred_contact": "email",
        "preferred_time": "weekday mornings",
        "treatment": str(clinic_content.pk),
        "message": "My legs ache by the evening.",
        "consent": "on",
        "website": "",
    }


@pytest.fixture
def front_desk_client(client, django_user_model):
    return client_in_group(client, django_user_model, FRONT_DESK, "frontdesk")


@pytest.fixture
def content_editor_client(client, django_user_model):
    return client_in_group(client, django_user_model, CONTENT_EDITORS, "content-editor")


def client_in_group(client, django_user_model, group_name, username):
    user = django_user_model.objects.create_user(username, password="a long test password", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return client
