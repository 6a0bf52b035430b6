"""Each translated field's other languages in the admin, right after its English (treatments/translation.py).

Not modeltranslation's own TranslationAdmin: that one renames the English box to `title_en`, so every form the
site builds on the English names (drafts' saved forms, the model's own checks, which name `title`) would miss it.
Here the English keeps its name and `title_es` follows it; the copy modeltranslation keeps as `title_en` is
the same text and is never shown.
"""

from django.conf import settings
from django.contrib import admin
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..languages import other_languages
from ..models import TranslationCheck
from ..translations import Status, field_translations, translated_fields


def with_translations(model, names):
    """The form's field names, each translated one followed by its other languages; the English copies left out."""
    fields = translated_fields(model)
    copies = {f"{name}_{code}" for name in fields for code, _ in settings.LANGUAGES}
    expanded = []
    for name in names:
        if isinstance(name, (list, tuple)):  # Fields on one line stay as they are.
            expanded.append(name)
            continue
        if name in copies:
            continue
        expanded.append(name)
        if name in fields:
            expanded += [f"{name}_{code}" for code in other_languages()]
    return expanded


TRANSLATIONS_FIELDSET = (
    "Translations",
    {
        "fields": ("translations",),
        "description": "Each language's text as last saved, against the English: a translation is out of date when "
        "the English changed after it was saved (what changed is shown), missing when it is empty (the page then "
        "shows the English and says so). Saving a changed translation makes it up to date again.",
    },
)


class TranslatedFieldsAdmin:
    """For a ModelAdmin or an inline: its fieldsets with every language of each translated field, and, on a
    record's own page, a Translations panel saying which are up to date, out of date or missing."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": tuple(with_translations(self.model, options["fields"]))})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if isinstance(self, admin.ModelAdmin) and obj is not None and translated_fields(self.model):
            fieldsets.append(TRANSLATIONS_FIELDSET)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return (*readonly, "translations") if isinstance(self, admin.ModelAdmin) else readonly

    def translated_records(self, obj):
        """The records whose translations this page edits: the record itself (a procedure adds its lists' rows)."""
        return [obj]

    @admin.display(description="Status of each translation")
    def translations(self, obj):
        if obj is None or obj.pk is None:
            return "Save to see the status of each translation."
        saved = type(obj)._default_manager.get(pk=obj.pk)  # As saved: after a refused form, obj holds the edits.
        found = field_translations(self.translated_records(saved))
        languages = {code: translation.get_language_info(code)["name"] for code in other_languages()}
        return render_to_string(
            "admin/treatments/translations.html",
            {
                "languages": [
                    {
                        "name": languages[code],
                        "counts": [(status.value, sum(t.status is status for t in mine)) for status in Status],
                        "to_do": [t for t in mine if t.status is not Status.UP_TO_DATE],
                        "awaiting_review": sum(t.awaiting_review for t in mine),
                    }
                    for code in other_languages()
                    for mine in ([t for t in found if t.language == code],)
                ]
            },
        )


@admin.register(TranslationCheck)
class TranslationCheckAdmin(admin.ModelAdmin):
    """Each translated field's last save, for the clinician who reviews translations: they open the list of those
    awaiting review in their language, read each against its English, and record their review."""

    list_display = ("record", "field", "language", "saved_at", "review")
    list_filter = ("language", ("reviewed_by", admin.EmptyFieldListFilter), "content_type")
    actions = ("record_review",)
    readonly_fields = ("content_type", "object_id", "field", "language", "english", "saved_at")
    fields = (*readonly_fields, "reviewed_by", "reviewed_on")

    def has_add_permission(self, request):
        return False  # Written by saving a translation, never by hand.

    @admin.display(description="record")
    def record(self, check):
        model = check.content_type.model_class()
        found = model._default_manager.filter(pk=check.object_id).first() if model else None
        return str(found) if found else f"{check.content_type.name} {check.object_id} (deleted)"

    @admin.display(description="review")
    def review(self, check):
        return f"{check.reviewed_by}, {check.reviewed_on}" if check.reviewed_by else "Awaiting review"

    @admin.action(description="Record my review of the selected translations (checked against their English)")
    def record_review(self, request, queryset):
        name = request.user.get_full_name() or request.user.get_username()
        count = queryset.update(reviewed_by=name, reviewed_on=timezone.localdate())
        self.message_user(request, f"Recorded your review of {count} translations, as {name}.")
