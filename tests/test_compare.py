"""A condition's compare page: its options side by side, in the order guidance gives, with what the standard for
decision aids asks of it (the decision, disclosure, dates). The grid itself: tests/test_option_grid.py."""

from http import HTTPStatus

import pytest

from tests.factories import SpecialistFactory, TreatmentFactory
from tests.helpers import json_ld
from treatments.models.procedures import ConditionOption, Treatment

pytestmark = pytest.mark.django_db


@pytest.fixture
def options(condition, clinic):
    """Three published options and a draft, linked to the condition in a guidance order unlike their titles'."""
    first = TreatmentFactory(title="Zeta first option", rows=1)
    second = TreatmentFactory(title="Alpha second option", rows=1)
    third = TreatmentFactory(title="Mu third option", rows=1, insurance="")
    draft = TreatmentFactory(title="Hidden draft option", draft=True)
    for position, treatment in enumerate([second, draft, first, third], 1):
        treatment.conditions.add(condition, through_defaults={"position": position})
    ConditionOption.objects.filter(treatment=first).update(position=0)
    return [first, second, third]


def compare_page(client, condition):
    response = client.get(f"{condition.get_absolute_url()}compare/")
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_options_follow_the_guidance_order_and_drafts_stay_hidden(client, condition, options):
    page = compare_page(client, condition)
    positions = [page.index(f">{option.title}</a></th>") for option in options]
    assert positions == sorted(positions)
    assert "Hidden draft option" not in page


def test_guidance_breadcrumbs_and_structured_data(client, condition, options):
    condition.options_guidance = "Guidance suggests heat ablation first (NICE, 2013)."
    condition.save()
    page = compare_page(client, condition)
    assert "Guidance suggests heat ablation first (NICE, 2013)." in page
    data = json_ld(page)
    assert [item["name"] for item in data["MedicalCondition"]["possibleTreatment"]] == [o.title for o in options]
    crumbs = [item["name"] for item in data["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Home", condition.name, f"Compare the options for {condition.name.lower()}"]


def test_linked_from_the_condition_page_and_every_procedure_page(client, condition, options):
    compare_url = f"{condition.get_absolute_url()}compare/"
    assert f'href="{compare_url}"' in client.get(condition.get_absolute_url()).content.decode()
    for option in options:
        page = client.get(option.get_absolute_url()).content.decode()
        other_options = page.split('<section id="other-options"', 1)[1].split("</section>", 1)[0]
        assert f'href="{compare_url}"' in other_options


def test_a_condition_without_options_says_so(client, condition):
    assert "We have no pages about the options for this condition yet." in compare_page(client, condition)


def test_unknown_condition_is_404(client, db):
    assert client.get("/conditions/no-such-condition/compare/").status_code == HTTPStatus.NOT_FOUND


def test_the_condition_page_links_to_its_compare_page_before_it_describes_anything(client, condition, options):
    page = client.get(condition.get_absolute_url()).content.decode()
    page = page[page.index("<main") :]  # What the patient reads, not the page's head and its data.
    link = page.index(f'href="{condition.get_absolute_url()}compare/"')
    assert page.count(f'href="{condition.get_absolute_url()}compare/"') == 1
    assert link < page.index(condition.description.splitlines()[0]) < page.index(options[0].title)


def test_a_condition_with_one_option_has_nothing_to_compare(client, condition, clinic):
    TreatmentFactory(rows=1).conditions.add(condition, through_defaults={"position": 1})
    assert "compare/" not in client.get(condition.get_absolute_url()).content.decode()


def test_the_decision_is_stated_before_the_options(client, condition, options):
    page = compare_page(client, condition)
    decision = page.index("<strong>The decision:</strong> whether to treat your")
    assert decision < page.index(f">{options[0].title}</a></th>")


def test_the_clinic_says_it_is_paid_and_claims_no_review_that_did_not_happen(client, condition, options):
    page = compare_page(client, condition)
    assert "This clinic offers some of these treatments and is paid for them." in page
    assert "Not every page compared here has been reviewed by our specialist yet." in page
    assert "Checked by our specialists" not in page


def test_a_reviewed_comparison_gives_its_oldest_review_and_its_soonest_next_one(client, condition, options):
    reviewer = SpecialistFactory()
    for option, (checked, due) in zip(
        options, [("2026-03-01", "2027-03-01"), ("2026-01-15", "2027-06-01"), ("2026-05-01", "2027-01-20")], strict=True
    ):
        Treatment.objects.filter(pk=option.pk).update(reviewer=reviewer, last_reviewed=checked, next_review_due=due)
    page = compare_page(client, condition)
    assert 'last reviewed <time datetime="2026-01-15">January 15, 2026</time>' in page
    assert 'Next review due <time datetime="2027-01-20">January 20, 2027</time>' in page
