"""Drafts of live pages: saved, previewed, published now or at a time, or discarded, while patients keep seeing the
published page; and the form's actions named as Wagtail's editors know them."""

import datetime
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.factories import TreatmentFactory
from tests.helpers import admin_change_url, admin_form_data, post_admin_form
from treatments.admin.drafts import LIVE_PAGE_OFFLINE
from treatments.models import Draft, Treatment
from treatments.revisions import history

pytestmark = pytest.mark.django_db

DRAFT_WORDS = "Zebrafinch draft wording nobody should see yet."


@pytest.fixture
def editor(content_editor_client):
    return content_editor_client


def public_page(treatment):
    """The page as an anonymous patient gets it (through the page cache)."""
    response = Client().get(treatment.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def save_draft(editor, treatment, action="_save_draft", **changes):
    response = post_admin_form(editor, admin_change_url(treatment), **{action: "1", **changes})
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"] if response.context else ""
    return response


def test_the_form_names_its_actions_as_wagtail_does(editor, treatment):
    page = editor.get(admin_change_url(treatment)).content.decode()
    for action in ('value="Save draft"', 'value="Publish"', ">Preview</button>", 'value="Schedule"'):
        assert action in page
    assert page.count('name="schedule_at"') == 1  # The time sits in the bottom row only.


def test_a_draft_of_a_live_page_leaves_the_page_as_patients_see_it(editor, treatment):
    before = public_page(treatment)
    save_draft(editor, treatment, overview=DRAFT_WORDS)
    treatment.refresh_from_db()
    assert treatment.overview != DRAFT_WORDS and treatment.is_published
    assert public_page(treatment) == before
    assert DRAFT_WORDS not in public_page(treatment)
    draft = Draft.objects.get(treatment=treatment)
    assert history(treatment).first().revision == draft.revision
    assert draft.revision.get_comment() == "Saved a draft (not public yet)"


def test_the_form_opens_on_the_draft_with_its_actions(editor, treatment):
    save_draft(editor, treatment, overview=DRAFT_WORDS)
    page = editor.get(admin_change_url(treatment)).content.decode()
    assert "You are editing a draft" in page and DRAFT_WORDS in page
    for action in ("Preview the draft", "Publish the draft now", "Discard the draft"):
        assert action in page


def test_saving_the_draft_again_keeps_its_earlier_changes(editor, treatment):
    save_draft(editor, treatment, overview=DRAFT_WORDS)
    save_draft(editor, treatment, summary="A second change in the draft.")
    data = admin_form_data(editor.get(admin_change_url(treatment)))
    assert data["overview"] == DRAFT_WORDS and data["summary"] == "A second change in the draft."


def test_publishing_the_draft_makes_it_the_live_page(editor, treatment):
    save_draft(editor, treatment, overview=DRAFT_WORDS)
    response = editor.post(f"{admin_change_url(treatment).removesuffix('change/')}draft/publish/")
    assert response.status_code == HTTPStatus.FOUND
    assert DRAFT_WORDS in public_page(treatment)
    assert not Draft.objects.filter(treatment=treatment).exists()
    assert history(treatment).first().revision.get_comment().startswith("Published the draft saved")


def test_publish_from_the_form_publishes_the_draft_it_shows(editor, treatment):
    save_draft(editor, treatment, overview=DRAFT_WORDS)
    post_admin_form(editor, admin_change_url(treatment), _publish="1")
    assert DRAFT_WORDS in public_page(treatment)
    assert not Draft.objects.filter(treatment=treatment).exists()


def test_a_discarded_draft_leaves_the_live_page_and_stays_in_the_history(editor, treatment):
    save_draft(editor, treatment, overview=DRAFT_WORDS)
    editor.post(f"{admin_change_url(treatment).removesuffix('change/')}draft/discard/")
    assert not Draft.objects.filter(treatment=treatment).exists()
    assert DRAFT_WORDS not in public_page(treatment)
    assert history(treatment).filter(revision__comment="Saved a draft (not public yet)").exists()


def test_a_draft_with_a_new_and_a_removed_row_publishes_both(editor, treatment):
    url = admin_change_url(treatment)
    data = admin_form_data(editor.get(url))
    removed = treatment.faqs.first()
    prefix = next(key.removesuffix("-id") for key, value in data.items() if key.startswith("faqs-")
                  and key.endswith("-id") and str(value) == str(removed.pk))  # fmt: skip
    new = int(data["faqs-TOTAL_FORMS"])
    data |= {"faqs-TOTAL_FORMS": new + 1, f"faqs-{new}-question": "A new question?", f"faqs-{new}-answer": "Yes.",
             f"faqs-{new}-position": 9, f"{prefix}-DELETE": "on", "_save_draft": "1"}  # fmt: skip
    assert editor.post(url, data).status_code == HTTPStatus.FOUND
    assert treatment.faqs.filter(pk=removed.pk).exists()  # Still live.
    other = TreatmentFactory(rows=0)
    other.faqs.create(question="Took the undone number?", answer="Maybe.", position=50)  # May reuse the draft's.
    editor.post(f"{url.removesuffix('change/')}draft/publish/")
    questions = set(treatment.faqs.values_list("question", flat=True))
    assert "A new question?" in questions and removed.question not in questions
    assert other.faqs.filter(question="Took the undone number?").exists()


def test_a_live_page_given_a_future_publish_time_is_refused_not_hidden(editor, treatment):
    later = timezone.localtime() + datetime.timedelta(days=2)
    response = post_admin_form(
        editor,
        admin_change_url(treatment),
        publish_at_0=later.strftime("%Y-%m-%d"),
        publish_at_1=later.strftime("%H:%M:%S"),
    )
    assert response.status_code == HTTPStatus.OK
    assert LIVE_PAGE_OFFLINE in response.content.decode()
    treatment.refresh_from_db()
    assert treatment.is_published and treatment.publish_at is None


def test_a_scheduled_draft_replaces_the_live_page_at_its_time(editor, treatment, monkeypatch):
    at = timezone.localtime() + datetime.timedelta(hours=1)
    save_draft(editor, treatment, action="_schedule", overview=DRAFT_WORDS, schedule_at=at.strftime("%Y-%m-%dT%H:%M"))
    draft = Draft.objects.get(treatment=treatment)
    assert draft.publish_at == at.replace(second=0, microsecond=0)
    assert DRAFT_WORDS not in public_page(treatment)  # And it is kept no longer than until the draft's time.
    assert int(Client().get(treatment.get_absolute_url())["Cache-Control"].split("max-age=")[1]) <= 3600
    monkeypatch.setattr(timezone, "now", lambda: draft.publish_at + datetime.timedelta(seconds=1))
    cache.clear()  # What was kept has expired by then (see the max-age above).
    assert DRAFT_WORDS in public_page(treatment)  # The first request after the time publishes it.
    assert not Draft.objects.filter(treatment=treatment).exists()
    assert history(treatment).first().revision.get_comment().startswith("Published the draft scheduled for")


def test_scheduling_needs_a_time_in_the_future(editor, treatment):
    response = post_admin_form(editor, admin_change_url(treatment), _schedule="1", overview=DRAFT_WORDS)
    assert response.status_code == HTTPStatus.OK
    assert "To schedule, give a date and time in the future." in response.content.decode()
    assert not Draft.objects.exists()


def test_a_page_not_live_yet_is_saved_as_draft_published_or_scheduled_itself(editor, make_treatment):
    page = make_treatment("new-page", status=Treatment.Status.DRAFT, next_review_due=datetime.date(2030, 1, 1),
                          awaiting_review=True)  # fmt: skip
    post_admin_form(editor, admin_change_url(page), _save_draft="1", summary="Still a draft.")
    page.refresh_from_db()
    assert page.status == Treatment.Status.DRAFT and page.summary == "Still a draft."
    at = timezone.localtime() + datetime.timedelta(days=1)
    post_admin_form(editor, admin_change_url(page), _schedule="1", schedule_at=at.strftime("%Y-%m-%dT%H:%M"))
    page.refresh_from_db()
    assert page.is_scheduled and page.publish_at == at.replace(second=0, microsecond=0)
    post_admin_form(editor, admin_change_url(page), _publish="1")
    page.refresh_from_db()
    assert page.is_published and not Draft.objects.exists()


def test_preview_shows_the_unsaved_form_with_its_grades_and_is_never_kept(editor, treatment):
    url = admin_change_url(treatment)
    data = admin_form_data(editor.get(url)) | {"overview": DRAFT_WORDS}
    revisions_before = history(treatment).count()
    response = editor.post(f"{url.removesuffix('change/')}preview/", data)
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert DRAFT_WORDS in page and "Preview of your unsaved changes" in page
    assert "Reading grade of each part of this preview" in page
    assert "no-cache" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]
    treatment.refresh_from_db()
    assert treatment.overview != DRAFT_WORDS and history(treatment).count() == revisions_before
    assert DRAFT_WORDS not in public_page(treatment)


def test_preview_of_a_form_with_errors_lists_them(editor, treatment):
    url = admin_change_url(treatment)
    data = admin_form_data(editor.get(url)) | {"title": ""}
    response = editor.post(f"{url.removesuffix('change/')}preview/", data)
    assert response.status_code == HTTPStatus.OK
    assert "cannot be previewed yet" in response.content.decode()


def test_the_draft_preview_shows_the_draft(editor, treatment):
    save_draft(editor, treatment, overview=DRAFT_WORDS)
    response = editor.get(f"{admin_change_url(treatment).removesuffix('change/')}draft/preview/")
    assert DRAFT_WORDS in response.content.decode()
    assert Draft.objects.filter(treatment=treatment).exists()
    assert DRAFT_WORDS not in public_page(treatment)


def test_a_draft_s_words_are_found_nowhere_public(editor, treatment, condition):
    save_draft(editor, treatment, overview=DRAFT_WORDS, summary="Zebrafinch summary in the draft.")
    anonymous = Client()
    for url in ("/", "/treatments/", condition.get_absolute_url(), f"{condition.get_absolute_url()}compare/",
                "/sitemap.xml", "/search/?q=zebrafinch", treatment.get_absolute_url()):  # fmt: skip
        assert "Zebrafinch" not in anonymous.get(url).content.decode(), url


def test_an_editor_links_a_new_procedure_to_its_condition(editor, condition):
    """Content editors may add the procedure's conditions (a ConditionOption row): the page then reaches them."""
    page = TreatmentFactory(title="A newly written procedure", rows=1, conditions=[])
    url = admin_change_url(page)
    data = admin_form_data(editor.get(url))
    new = int(data["conditionoption_set-TOTAL_FORMS"])
    data |= {
        "conditionoption_set-TOTAL_FORMS": new + 1,
        f"conditionoption_set-{new}-condition": condition.pk,
        f"conditionoption_set-{new}-position": 1,
        "_publish": "1",
    }
    response = editor.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"] if response.context else ""
    for shown_on in (condition.get_absolute_url(), f"{condition.get_absolute_url()}compare/"):
        assert "A newly written procedure" in Client().get(shown_on).content.decode(), shown_on
