"""Revisions of the shipped content: the loader records the first version, and the issue's "done when" on the
shipped sclerotherapy page (tests/test_revisions.py tests revisions on factory-built content)."""

import pytest
from django.core.management import call_command
from reversion.models import Revision

from tests.test_revisions import change_compare_and_restore
from treatments.revisions import FIRST_REVISION_COMMENT, history, snapshot

pytestmark = pytest.mark.django_db


def test_the_loader_records_the_first_version_of_each_page_with_every_list(clinic_content):
    first = history(clinic_content).get()
    assert first.revision.comment == FIRST_REVISION_COMMENT
    assert first.revision.user is None
    lists = snapshot(first).lists
    assert {name: len(rows) for name, rows in lists.items()} == {
        name: getattr(clinic_content, name).count() for name in lists
    }
    assert lists["faqs"] and lists["conditionoption_set"]
    assert snapshot(first).values["related_treatments"] == list(
        clinic_content.related_treatments.values_list("pk", flat=True)
    )


def test_loading_again_records_nothing(clinic_content):
    call_command("load_clinic_content", verbosity=0)
    assert Revision.objects.count() == 1


def test_done_when_a_sclerotherapy_faq_is_changed_compared_and_restored(clinic_content, django_assert_num_queries):
    change_compare_and_restore(clinic_content, clinic_content.faqs.first(), django_assert_num_queries)
