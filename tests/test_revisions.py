"""Revisions: every admin save is kept with who, when and what changed; two versions compare field by field and row by
row; an earlier version is restored in one step, as a new revision, and patients see it at once."""

import re
from http import HTTPStatus

import pytest
import reversion
from django.contrib.auth.models import Group
from django.test import Client
from django.utils.html import escape

from tests.factories import SpecialistFactory, TreatmentFactory, UserFactory
from tests.helpers import admin_change_url, admin_form_data, post_admin_form, sign_in
from treatments.models import ClinicDetails, Condition, Specialist
from treatments.models.procedures import FAQ
from treatments.revisions import FIRST_REVISION_COMMENT, history, snapshot, version_name
from treatments.roles import CONTENT_EDITORS, FRONT_DESK

pytestmark = pytest.mark.django_db

NEW_ANSWER = "Most people need two or three <b>short</b> sessions, a month apart."


@pytest.fixture
def recorded(treatment):
    """The `treatment` fixture with a first version, as the shipped-content loader records one."""
    with reversion.create_revision():
        reversion.set_comment(FIRST_REVISION_COMMENT)
        reversion.add_to_revision(treatment)
    return treatment


@pytest.fixture
def editor(client):
    """A content editor, signed in through the admin's login page."""
    UserFactory(username="carla").groups.add(Group.objects.get(name=CONTENT_EDITORS))
    assert sign_in(client, "carla").status_code == HTTPStatus.FOUND
    return client


def history_url(obj):
    return admin_change_url(obj).replace("/change/", "/history/")


def compare_url(obj, earlier, later):
    return f"{history_url(obj)}compare/?earlier={earlier.pk}&later={later.pk}"


def restore_url(obj, version):
    return f"{history_url(obj)}{version.pk}/restore/"


def row_prefix(data, related_name, row):
    """The form prefix of one inline row in an admin form's data, e.g. "faqs-1"."""
    return next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith(f"{related_name}-") and key.endswith("-id") and str(value) == str(row.pk)
    )


def edit_faqs(client, treatment, *, change=None, remove=None, add=None):
    """Post the procedure's admin form with one FAQ's answer changed, one FAQ removed and one added, as asked."""
    url = admin_change_url(treatment)
    form_page = client.get(url)
    data = admin_form_data(form_page) | {"csrfmiddlewaretoken": csrf_token(form_page.content.decode())}
    if change:
        faq, answer = change
        data[f"{row_prefix(data, 'faqs', faq)}-answer"] = answer
    if remove:
        data[f"{row_prefix(data, 'faqs', remove)}-DELETE"] = "on"
    if add:
        new = int(data["faqs-TOTAL_FORMS"])
        data["faqs-TOTAL_FORMS"] = new + 1
        data |= {f"faqs-{new}-question": add, f"faqs-{new}-answer": "Yes.", f"faqs-{new}-position": 9}
        data[f"faqs-{new}-treatment"] = treatment.pk
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"] if response.context else ""


def csrf_token(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def faqs_of(treatment):
    return list(treatment.faqs.values_list("question", "answer"))


def test_admin_save_is_recorded_with_who_when_and_what_changed(editor, recorded):
    faq = recorded.faqs.first()
    edit_faqs(editor, recorded, change=(faq, NEW_ANSWER))
    latest, first = history(recorded)
    assert latest.revision.user.username == "carla"
    assert latest.revision.date_created > first.revision.date_created
    assert latest.revision.get_comment() == f"Changed Answer for question patients ask “{faq.question}”."
    assert snapshot(latest).lists["faqs"][faq.pk].values["answer"] == NEW_ANSWER
    assert snapshot(first).lists["faqs"][faq.pk].values["answer"] == faq.answer


def test_history_page_lists_each_version_with_who_and_what(editor, recorded):
    edit_faqs(editor, recorded, change=(recorded.faqs.first(), NEW_ANSWER))
    page = editor.get(history_url(recorded)).content.decode()
    assert escape(FIRST_REVISION_COMMENT) in page
    assert "Changed Answer for question patients ask" in page
    assert "carla" in page
    latest, first = history(recorded)
    assert f'href="{compare_url(recorded, first, latest).replace("&", "&amp;")}"' in page


def test_comparison_shows_a_changed_answer_an_added_row_and_a_removed_row(editor, recorded):
    changed, removed = recorded.faqs.all()[:2]
    edit_faqs(editor, recorded, change=(changed, NEW_ANSWER), remove=removed, add="Does it hurt?")
    latest, first = history(recorded)
    response = editor.get(compare_url(recorded, latest, first))  # Either order: the earlier is on the left.
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "<caption>Questions patients ask</caption>" in page
    assert f"Row changed: “{changed.question}”" in page
    assert f"Row removed: “{removed.question}”" in page
    assert "Row added: “Does it hurt?”" in page
    # The answer's words, field by field under the field's name, the changed ones marked and everything escaped.
    assert '<th scope="row">Answer</th>' in page
    assert f"<del>{changed.answer}</del>" in page
    assert "<ins>Most people need two or three &lt;b&gt;short&lt;/b&gt; sessions, a month apart.</ins>" in page
    assert "<b>short</b>" not in page
    # Nothing else changed: the procedure's own fields are not listed.
    assert "Fields that changed" not in page


def test_comparison_marks_only_the_words_that_changed(editor, recorded):
    edit_faqs(editor, recorded, change=(recorded.faqs.first(), "Answer 1 of all faqs"))  # Was "Answer 1 of faqs".
    latest, first = history(recorded)
    page = editor.get(compare_url(recorded, first, latest)).content.decode()
    assert "Answer 1 of <ins>all </ins>faqs" in page


def test_restore_brings_back_every_list_and_is_a_new_revision(editor, recorded):
    original, original_steps = faqs_of(recorded), list(recorded.steps.values_list("title", flat=True))
    changed, removed = recorded.faqs.all()[:2]
    edit_faqs(editor, recorded, change=(changed, NEW_ANSWER), remove=removed, add="Does it hurt?")
    post_admin_form(editor, admin_change_url(recorded), overview="A new overview.")
    assert faqs_of(recorded) != original
    first = history(recorded).last()

    response = editor.post(restore_url(recorded, first))

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == history_url(recorded)
    recorded.refresh_from_db()
    assert faqs_of(recorded) == original  # The answer as it was, the removed row back, the added row gone.
    assert recorded.overview == "Text of overview."
    assert list(recorded.steps.values_list("title", flat=True)) == original_steps
    restored = history(recorded).first().revision
    assert restored.user.username == "carla"
    assert restored.comment == f"Restored {version_name(first.revision)}"
    assert restored.comment.startswith("Restored the version of ")
    assert len(history(recorded)) == 4  # Loaded, two edits, the restore: the edits stay in the history.
    # The restore is itself a version: compared with the one before it, it undoes the last edit.
    page = editor.get(compare_url(recorded, history(recorded)[1], history(recorded)[0])).content.decode()
    assert "<del>A new </del>overview." in page


def test_restore_brings_back_links_to_related_procedures(editor, recorded):
    other = TreatmentFactory(title="Other procedure")
    recorded.related_treatments.set([other])
    with reversion.create_revision():
        reversion.add_to_revision(recorded)
    data = admin_form_data(editor.get(admin_change_url(recorded)))
    data.pop("related_treatments")
    editor.post(admin_change_url(recorded), data)
    assert list(recorded.related_treatments.all()) == []

    editor.post(restore_url(recorded, history(recorded)[1]))

    assert list(recorded.related_treatments.all()) == [other]
    assert list(other.related_treatments.all()) == [recorded]  # The link goes both ways, as the page shows it.


def test_restore_is_refused_with_reasons_when_the_version_breaks_a_rule(editor, recorded):
    """The version's reviewer was deleted since: the admin would refuse that reviewer, and so does the restore."""
    old_reviewer = recorded.reviewer
    post_admin_form(editor, admin_change_url(recorded), reviewer=SpecialistFactory(name="Dr. New").pk)
    Specialist.objects.filter(pk=old_reviewer.pk).delete()
    before = faqs_of(recorded), len(history(recorded))

    response = editor.post(restore_url(recorded, history(recorded).last()), follow=True)

    assert response.status_code == HTTPStatus.OK
    assert "cannot be restored as it is" in response.content.decode()
    recorded.refresh_from_db()
    assert recorded.reviewer.name == "Dr. New"
    assert (faqs_of(recorded), len(history(recorded))) == before


def test_without_change_permission_staff_see_the_history_but_cannot_restore(client, editor, recorded):
    edit_faqs(editor, recorded, change=(recorded.faqs.first(), NEW_ANSWER))
    latest, first = history(recorded)
    UserFactory(username="desk").groups.add(Group.objects.get(name=FRONT_DESK))
    desk = Client()
    desk.force_login(UserFactory(username="desk"))

    assert desk.get(history_url(recorded)).status_code == HTTPStatus.OK
    compare_page = desk.get(compare_url(recorded, first, latest)).content.decode()
    assert "Row changed" in compare_page
    assert "Restore this version" not in compare_page
    assert desk.post(restore_url(recorded, first)).status_code == HTTPStatus.FORBIDDEN
    assert recorded.faqs.first().answer == NEW_ANSWER
    assert len(history(recorded)) == 2


def test_staff_without_any_permission_see_no_history(recorded):
    nobody = Client()
    nobody.force_login(UserFactory(username="no-role"))
    assert nobody.get(history_url(recorded)).status_code == HTTPStatus.FORBIDDEN


def test_restore_takes_a_post_with_a_csrf_token_only(editor, recorded):
    first = history(recorded).first()
    assert editor.get(restore_url(recorded, first)).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    careful = Client(enforce_csrf_checks=True)
    careful.force_login(UserFactory(username="editor-with-csrf", is_superuser=True))
    assert careful.post(restore_url(recorded, first)).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(
    "query",
    ["", "?earlier=1", "?earlier=x&later=y", "?earlier=999999&later=999998", "?earlier={first}&later={first}"],
)
def test_bad_comparison_requests_go_back_to_the_history_with_a_message(editor, recorded, query):
    url = f"{history_url(recorded)}compare/{query.format(first=history(recorded).first().pk)}"
    response = editor.get(url, follow=True)
    assert response.redirect_chain == [(history_url(recorded), HTTPStatus.FOUND)]
    assert "Choose two" in response.content.decode()


def test_a_version_of_another_procedure_is_not_found(editor, recorded):
    other = TreatmentFactory(title="Other procedure")
    with reversion.create_revision():
        reversion.add_to_revision(other)
    response = editor.post(restore_url(recorded, history(other).first()))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_history_of_a_page_saved_before_revisions_says_so(editor, treatment):
    page = editor.get(history_url(treatment)).content.decode()
    assert "No versions of this page have been recorded yet." in page


@pytest.mark.parametrize(
    ("model", "field", "value", "label"),
    [
        (ClinicDetails, "phone", "(555) 010-9999", "Phone"),
        (Specialist, "credentials", "Vascular surgeon", "Credentials"),
        (Condition, "options_guidance", "Guidance puts stockings first.", "How guidance orders the options"),
    ],
)
def test_conditions_specialists_and_clinic_details_have_the_same_history(editor, recorded, model, field, value, label):
    obj = model.objects.first()
    post_admin_form(editor, admin_change_url(obj), **{field: value})
    post_admin_form(editor, admin_change_url(obj), **{field: f"{value} Again."})
    latest, first = history(obj)
    page = editor.get(compare_url(obj, first, latest)).content.decode()
    assert f'<th scope="row">{label}</th>' in page
    assert editor.post(restore_url(obj, first)).status_code == HTTPStatus.FOUND
    obj.refresh_from_db()
    assert getattr(obj, field) == value


def test_an_option_changed_on_a_procedure_shows_in_its_condition_history(admin_client, recorded, condition):
    """A row both pages list (a condition's option) is recorded on each, whichever page staff changed it on."""
    with reversion.create_revision():
        reversion.add_to_revision(condition)
    data = admin_form_data(admin_client.get(admin_change_url(recorded)))
    data[f"{row_prefix(data, 'conditionoption_set', recorded.conditionoption_set.get())}-position"] = 7
    admin_client.post(admin_change_url(recorded), data)
    latest, first = history(condition)
    page = admin_client.get(compare_url(condition, first, latest)).content.decode()
    assert f"Row changed: “{recorded} for {condition}”" in page
    assert '<th scope="row">Position</th>' in page


def test_done_when_staff_change_an_faq_compare_and_restore_and_patients_see_the_original(
    recorded, django_assert_num_queries
):
    change_compare_and_restore(recorded, recorded.faqs.first(), django_assert_num_queries)


ADDED_SENTENCE = "Ask the front desk what it costs."


def change_compare_and_restore(treatment, faq, assert_num_queries):
    """The issue's first "done when", through the real admin and the public page cache: a content editor signs in,
    adds a sentence to a FAQ's answer, opens "what this save changed" from the history, restores the version
    before, and a patient's next visit shows the original answer."""
    patient, page_url = Client(), treatment.get_absolute_url()
    patient.get(page_url)
    with assert_num_queries(0):
        assert ADDED_SENTENCE not in patient.get(page_url).content.decode()  # Answered from the page cache.

    staff = Client(enforce_csrf_checks=True)
    UserFactory(username="dana").groups.add(Group.objects.get(name=CONTENT_EDITORS))
    token = csrf_token(staff.get("/admin/login/").content.decode())
    response = staff.post(
        "/admin/login/", {"username": "dana", "password": "a long test password", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == HTTPStatus.FOUND
    edit_faqs(staff, treatment, change=(faq, f"{faq.answer} {ADDED_SENTENCE}"))
    assert ADDED_SENTENCE in patient.get(page_url).content.decode()

    history_page = staff.get(history_url(treatment)).content.decode()
    compare_link = re.search(r'href="([^"]+)">What this save changed</a>', history_page).group(1)
    compare_page = staff.get(compare_link.replace("&amp;", "&")).content.decode()
    assert f"Row changed: “{escape(faq.question)}”" in compare_page
    assert f"{ADDED_SENTENCE}</ins>" in compare_page
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>\s*<input[^>]*value="([^"]+)"', compare_page)
    assert form is not None, "no Restore this version form on the compare page"
    assert staff.post(form.group(1), {"csrfmiddlewaretoken": form.group(2)}).status_code == HTTPStatus.FOUND

    assert ADDED_SENTENCE not in patient.get(page_url).content.decode()
    assert FAQ.objects.get(pk=faq.pk).answer == faq.answer


def test_a_browser_s_crlf_line_ends_change_nothing_but_the_edited_field(editor, recorded):
    """Browsers send every text box with CRLF line ends; the site keeps LF. One edited field is one change."""
    recorded.overview = "First paragraph.\n\nSecond paragraph."
    recorded.how_it_works = "How it works.  \nLine two."  # Trailing spaces, as a paste may leave them.
    recorded.save()
    with reversion.create_revision():
        reversion.add_to_revision(recorded)
    url = admin_change_url(recorded)
    data = admin_form_data(editor.get(url))
    crlf = {name: value.replace("\n", "\r\n") for name, value in data.items() if isinstance(value, str)}
    response = editor.post(url, {**data, **crlf, "summary": "A new summary."})
    assert response.status_code == HTTPStatus.FOUND
    recorded.refresh_from_db()
    assert recorded.overview == "First paragraph.\n\nSecond paragraph."
    assert recorded.how_it_works == "How it works.\nLine two."
    latest, earlier, *_ = history(recorded)
    assert latest.revision.get_comment() == "Changed Summary."
    compared = editor.get(compare_url(recorded, earlier, latest)).context["comparison"]
    assert [change.label for change in compared.fields] == ["Summary"]
    assert compared.lists == []


def test_restore_leaves_out_a_list_the_user_may_not_change_and_says_so(client, recorded):
    """Restore writes every list of the page: one the user has no permission on stays as it is."""
    from django.contrib.auth.models import Permission

    editor = UserFactory(username="no-options")
    editor.user_permissions.set(
        Permission.objects.filter(group__name=CONTENT_EDITORS).exclude(content_type__model="conditionoption")
    )
    first = history(recorded).get()
    option = recorded.conditionoption_set.get()
    option.position = 7  # Changed since the first version, by someone who may.
    option.save()
    faq = recorded.faqs.first()
    faq.answer = "Changed since."
    faq.save()
    client.force_login(editor)
    response = client.post(restore_url(recorded, first), follow=True)
    assert "left as they are, as you may not change them: Options for this condition" in response.content.decode()
    option.refresh_from_db()
    faq.refresh_from_db()
    assert option.position == 7  # Left as it was.
    assert faq.answer != "Changed since."  # Restored.
