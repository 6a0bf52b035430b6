"""Revisions in the admin: each save (the form and its inline lists) is recorded with who, when and what changed;
the History page lists the versions, compares any two field by field, and restores one in one step.

The history itself, the comparison and the restore are treatments/revisions.py; this is the admin's side of them,
written once for every recorded model (procedures, conditions, specialists, the clinic's details).
"""

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from reversion.models import Version

from ..revisions import RestoreRefused, compare, history, restore, snapshot, version_name
from .text import text_boxes


class RevisionsAdmin:
    """Mixed into a ModelAdmin (before admin.ModelAdmin) of a model registered in treatments/revisions.py."""

    object_history_template = "admin/treatments/revisions/history.html"
    formfield_overrides = text_boxes()
    compare_template = "admin/treatments/revisions/compare.html"

    # --- Recording ---

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def log_addition(self, request, obj, message):
        return self.comment_on_revision(super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self.comment_on_revision(super().log_change(request, obj, message))

    @staticmethod
    def comment_on_revision(entry):
        """The revision's comment is the admin's own account of the change: "Changed Answer for question ..."."""
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message())
        return entry

    # --- History, comparison, restore ---

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/history/compare/", view(self.compare_view), name="{}_{}_compare".format(*info)),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(require_POST(self.restore_view)),
                name="{}_{}_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.object_for(request, object_id, self.has_view_or_change_permission)
        versions = list(history(obj))
        context = {
            **self.revisions_context(request, obj, f"History: {obj}"),
            # Each version with the one before it, for its "what this save changed" link.
            "versions": [
                (version, versions[number + 1] if number + 1 < len(versions) else None)
                for number, version in enumerate(versions)
            ],
            "compare_url": self.url_for("compare", obj),
            # Preselected: the latest change, i.e. the newest version against the one before it.
            "earlier_id": versions[1].pk if len(versions) > 1 else None,
            "later_id": versions[0].pk if versions else None,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        obj = self.object_for(request, object_id, self.has_view_or_change_permission)
        versions = history(obj)
        try:
            chosen = [versions.get(pk=int(request.GET[name])) for name in ("earlier", "later")]
        except (KeyError, ValueError, Version.DoesNotExist):
            messages.error(request, "Choose two versions of this page from the list to compare them.")
            return redirect(self.url_for("history", obj))
        earlier, later = sorted(chosen, key=lambda version: version.pk)
        if earlier == later:
            messages.error(request, "Choose two different versions to compare.")
            return redirect(self.url_for("history", obj))
        latest = versions.first()
        can_restore = self.has_change_permission(request, obj)
        context = {
            **self.revisions_context(request, obj, f"Compare two versions of {obj}"),
            "earlier": earlier,
            "later": later,
            "comparison": compare(snapshot(earlier), snapshot(later)),
            "restorable": [
                (version, version_name(version.revision), self.url_for("restore", obj, version.pk))
                for version in (earlier, later)
                if can_restore and version != latest
            ],
        }
        return TemplateResponse(request, self.compare_template, context)

    def restore_view(self, request, object_id, version_id):
        obj = self.object_for(request, object_id, self.has_change_permission)
        version = get_object_or_404(history(obj), pk=version_id)
        try:
            comment = restore(version, request.user)
        except RestoreRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"{comment}. Patients see it now.")
        return redirect(self.url_for("history", obj))

    def object_for(self, request, object_id, permission):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with this number.")
        if not permission(request, obj):
            raise PermissionDenied
        return obj

    def url_for(self, view, obj, *args):
        info = self.admin_site.name, self.opts.app_label, self.opts.model_name, view
        return reverse("{}:{}_{}_{}".format(*info), args=(quote(obj.pk), *args))

    def revisions_context(self, request, obj, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": str(self.opts.verbose_name_plural),
            "history_url": self.url_for("history", obj),
            "change_url": self.url_for("change", obj),
        }
