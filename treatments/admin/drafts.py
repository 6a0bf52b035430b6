"""The procedure form's actions, named as Wagtail's editors know them: Save draft, Preview, Publish and Schedule.

- A page not live yet: Save draft keeps it unpublished, Publish makes it public now, Schedule makes it public at
  the time given beside the button.
- A live page: Save draft and Schedule keep the changes in a draft (treatments/drafts.py) while patients keep
  seeing the published page; the form then opens on the draft, under a banner with its own actions (preview,
  publish, discard, compare). Publish saves the form to the live page, draft included.
- Preview opens, in a new tab, the page as the unsaved form would make it, with its reading grades.

A live page given a future publish time (which would take it offline until then) is refused, with the reason.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.formsets import all_valid
from django.http import QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_POST

from .. import drafts
from ..models import Draft, Treatment
from ..procedures.structure import PAGE_PREFETCHES
from ..procedures.views import TreatmentDetailView
from ..revisions import RestoreRefused
from .images import PENDING_FIELD, forget, keep, kept
from .readability import readability_panel

SAVE_DRAFT, PUBLISH, SCHEDULE = "_save_draft", "_publish", "_schedule"
ACTIONS = (SAVE_DRAFT, PUBLISH, SCHEDULE)
# What a browser posts that is not the page: kept out of a draft's stored form.
NOT_PAGE_DATA = {"csrfmiddlewaretoken", *ACTIONS, "_save", "_continue", "_addanother", "schedule_at"}
LIVE_PAGE_OFFLINE = (
    "This page is live. A publish time in the future would take it off the site until then. To change the page "
    "at a set time, use Schedule at the bottom: patients keep seeing the live page until that time."
)


class ScheduleInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; no script."""

    input_type = "datetime-local"

    def __init__(self):
        super().__init__(attrs={"step": 1}, format="%Y-%m-%dT%H:%M:%S")  # To the second, where the browser allows.


class TreatmentAdminForm(forms.ModelForm):
    """The procedure's form, with the time beside the Schedule button and the checks its actions need."""

    action = None  # The button pressed, set by DraftsAdmin.get_form().

    schedule_at = forms.DateTimeField(
        label="Schedule for",
        required=False,
        widget=ScheduleInput,
        input_formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=f"Clinic time ({timezone.get_default_timezone_name()}).",
    )

    kept_token = None  # The token of an upload kept from an earlier try (treatments/admin/images.py).

    def __init__(self, data=None, files=None, *args, **kwargs):
        token = data.get(PENDING_FIELD) if data is not None else None
        if token and not (files and files.get("hero_image")) and (found := kept(token)):
            files = files.copy() if files else MultiValueDict()
            files["hero_image"], _ = found
            self.kept_token = token
        super().__init__(data, files, *args, **kwargs)
        if "publish_at" in self.fields:  # The admin's own note compares with the browser's clock: this says it.
            self.fields["publish_at"].help_text += f" Clinic time ({timezone.get_default_timezone_name()})."

    def full_clean(self):
        super().full_clean()
        upload = self.files.get("hero_image") if self.files else None
        if self.errors and upload and "hero_image" not in self.errors and "hero_image" in self.fields:
            # Something else needs correcting: keep the image, so the editor does not choose it again.
            self.fields["hero_image"].widget.pending = (self.kept_token or keep(upload), upload.name)

    def clean(self):
        cleaned = super().clean()
        # clean() runs before the form's values are copied onto the instance: it still holds the saved page.
        live = self.instance.pk is not None and self.instance.is_published
        publish_at = cleaned.get("publish_at")
        if live and publish_at and publish_at > timezone.now() and self.action not in (SAVE_DRAFT, SCHEDULE):
            self.add_error("publish_at", LIVE_PAGE_OFFLINE)
        if self.action == SCHEDULE:
            schedule_at = cleaned.get("schedule_at")
            if not schedule_at or schedule_at <= timezone.now():
                self.add_error("schedule_at", "To schedule, give a date and time in the future.")
        if live and self.action in (SAVE_DRAFT, SCHEDULE) and self.files.get("hero_image"):
            self.add_error(
                "hero_image",
                "A new image cannot wait in a draft. Publish to change the image now, or remove the file to "
                "save the draft without it.",
            )
        return cleaned


def stored_form(post):
    """The posted form as a draft keeps it: every value of every field, buttons and token left out."""
    return {key: post.getlist(key) for key in post if key not in NOT_PAGE_DATA}


def posted_form(stored):
    data = QueryDict(mutable=True)
    for key, values in stored.items():
        data.setlist(key, values)
    return data


def pressed(request):
    return next((action for action in ACTIONS if action in request.POST), None)


class DraftsAdmin:
    """Mixed into TreatmentAdmin, before RevisionsAdmin: a draft is recorded outside the admin's own revision."""

    form = TreatmentAdminForm

    # --- The form's actions ---

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        request.draft = getattr(obj, "draft", None) if obj else None
        action = pressed(request) if request.method == "POST" else None
        if action in (SAVE_DRAFT, SCHEDULE) and obj is not None and obj.is_published:
            return self.save_draft(request, obj, object_id, form_url, extra_context)
        if action:
            request.POST = self.as_saved(request.POST, action)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def as_saved(self, post, action):
        """A page that is not live: its status and publish time as the pressed button sets them."""
        post = post.copy()
        post["_continue"] = "1"  # Stay on the form, as Wagtail does.
        # Publish keeps a publish time typed in the form: on a live page a future one is refused (the form says why).
        post["status"] = Treatment.Status.DRAFT if action == SAVE_DRAFT else Treatment.Status.PUBLISHED
        if action == SCHEDULE:
            when = self.schedule_time(post)
            post["publish_at_0"], post["publish_at_1"] = (
                (when.strftime("%Y-%m-%d"), when.strftime("%H:%M:%S")) if when else ("", "")
            )
        return post

    @staticmethod
    def schedule_time(post):
        field = TreatmentAdminForm.base_fields["schedule_at"]
        try:
            return timezone.localtime(field.clean(post.get("schedule_at", "")))
        except (forms.ValidationError, ValueError):
            return None  # The form says why.

    def save_draft(self, request, obj, object_id, form_url, extra_context):
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form = self.get_form(request, obj, change=True)(request.POST, request.FILES, instance=obj)
        formsets, _ = self._create_formsets(request, obj, change=True)
        if not (form.is_valid() and all_valid(formsets)):
            # Shown with its errors by the admin's own view, which saves nothing while anything is invalid.
            return super().changeform_view(request, object_id, form_url, extra_context)

        def save_changes():
            page = self.save_form(request, form, change=True)
            self.save_model(request, page, form, change=True)
            self.save_related(request, form, formsets, change=True)

        publish_at = form.cleaned_data["schedule_at"] if pressed(request) == SCHEDULE else None
        comment = drafts.save_draft(obj, save_changes, request.user, publish_at)
        Draft.objects.filter(treatment=obj).update(form_data=stored_form(request.POST))
        messages.success(request, f"{comment}. Patients still see the published page.")
        return redirect(self.url_for("change", obj))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The form showed the draft: once saved to the page itself, the draft is published with it.
        Draft.objects.filter(treatment=form.instance).delete()
        if token := getattr(form, "kept_token", None):  # Not after a preview, whose save is undone.
            transaction.on_commit(lambda: forget(token))

    # --- The form opens on the draft ---

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        draft_data = self.draft_data(request)

        class ActionForm(form):
            action = pressed(request) if request.method == "POST" else None

            def __init__(self, data=None, *args, **kwargs):
                super().__init__(draft_data if data is None and draft_data is not None else data, *args, **kwargs)

        return ActionForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if (draft_data := self.draft_data(request)) is not None:
            kwargs["data"] = draft_data
        return kwargs

    @staticmethod
    def draft_data(request):
        """The draft's form, on a GET of a page that has one: the form shows the draft, not the live page."""
        draft = getattr(request, "draft", None)
        if request.method == "POST" or draft is None or not draft.form_data:
            return None
        return posted_form(draft.form_data)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        draft = getattr(request, "draft", None)
        context["draft"] = draft
        if obj is not None:
            context["preview_url"] = self.url_for("preview", obj)
            context["live_changed_since_draft"] = bool(draft and obj.updated > draft.saved_at)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Preview, and the draft's own actions ---

    def get_urls(self):
        views = {  # "<path:object_id>/preview/" would also match ".../draft/preview/": the draft's come first.
            "draft/preview": self.draft_preview_view,
            "draft/publish": require_POST(self.draft_publish_view),
            "draft/discard": require_POST(self.draft_discard_view),
            "preview": require_POST(self.preview_view),
        }
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            *(
                path(
                    f"<path:object_id>/{name}/",
                    self.admin_site.admin_view(view),
                    name=f"{prefix}_{name.replace('/', '_')}",
                )
                for name, view in views.items()
            ),
            *super().get_urls(),
        ]

    def editable(self, request, object_id):
        return self.object_for(request, object_id, self.has_change_permission)  # RevisionsAdmin's.

    def preview_view(self, request, object_id):
        """The page as the posted form would make it: saved, shown, and undone."""
        obj = self.editable(request, object_id)
        request.draft = None
        form = self.get_form(request, obj, change=True)(request.POST, request.FILES, instance=obj)
        formsets, _ = self._create_formsets(request, obj, change=True)
        if not (form.is_valid() and all_valid(formsets)):
            errors = [
                (form[name].label if name in form.fields else "Page", message)
                for name, messages_ in form.errors.items()
                for message in messages_
            ] + [
                (f"{formset.model._meta.verbose_name_plural.capitalize()}, row {number}", message)
                for formset in formsets
                for number, row in enumerate(formset.errors, 1)
                for messages_ in row.values()
                for message in messages_
            ]
            context = {**self.admin_site.each_context(request), "title": "Preview", "errors": errors, "opts": self.opts}
            return self.not_kept(TemplateResponse(request, "admin/treatments/treatment/preview_errors.html", context))
        with drafts.undone():
            page = self.save_form(request, form, change=True)
            self.save_model(request, page, form, change=True)
            self.save_related(request, form, formsets, change=True)
            return self.rendered_page(request, page, "Preview of your unsaved changes")

    def draft_preview_view(self, request, object_id):
        obj = self.editable(request, object_id)
        draft = getattr(obj, "draft", None)
        if draft is None:
            messages.info(request, "This page has no draft.")
            return redirect(self.url_for("change", obj))
        with drafts.undone():
            try:
                drafts.publish(draft, request.user)
            except RestoreRefused as refused:
                messages.error(request, str(refused))
                return redirect(self.url_for("change", obj))
            return self.rendered_page(request, obj, f"Preview of the draft saved {drafts.when(draft.saved_at)}")

    def rendered_page(self, request, page, heading):
        """The public page exactly as patients would see it, read from the database now, with its reading grades."""
        saved = Treatment._base_manager.prefetch_related(*PAGE_PREFETCHES).get(pk=page.pk)
        request.method = "GET"  # The page itself answers GETs; what was posted is saved already.
        preview = {
            "heading": heading,
            "readability": readability_panel(saved, caption="Reading grade of each part of this preview"),
            "change_url": self.url_for("change", page),
        }
        response = TreatmentDetailView.as_view(extra_context={"preview": preview})(request, slug=saved.slug)
        return self.not_kept(response.render())

    @staticmethod
    def not_kept(response):
        """A preview is never cached and never indexed."""
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def draft_publish_view(self, request, object_id):
        obj = self.editable(request, object_id)
        if draft := getattr(obj, "draft", None):
            try:
                messages.success(request, f"{drafts.publish(draft, request.user)}. Patients see it now.")
            except RestoreRefused as refused:
                messages.error(request, str(refused))
        return redirect(self.url_for("change", obj))

    def draft_discard_view(self, request, object_id):
        obj = self.editable(request, object_id)
        if draft := getattr(obj, "draft", None):
            drafts.discard(draft)
            messages.success(request, "The draft was discarded. It stays in the page's history.")
        return redirect(self.url_for("change", obj))
