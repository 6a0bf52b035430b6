"""Each translation's status: up to date, out of date (the English changed after the translation was last saved)
or missing (the page shows the English, and says so). One TranslationCheck a translated field and language holds
the English the translation was last saved against; a save that changes a translation records it again.

A translation also awaits review by a clinician fluent in its language until one is recorded on its check: the
page says so, as the English page says when its medical review is still to come, and the go-live check lists
every translation still awaiting one.
"""

import difflib
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import pre_save
from django.utils.html import escape
from django.utils.safestring import mark_safe
from modeltranslation.translator import NotRegistered, translator

from .languages import other_languages
from .models import TranslationCheck


def translated_fields(model):
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def english(obj, field):
    return getattr(obj, f"{field}_{settings.LANGUAGE_CODE}") or ""


def translation(obj, field, language):
    return getattr(obj, f"{field}_{language}") or ""


class Status(Enum):
    UP_TO_DATE = "up to date"
    OUT_OF_DATE = "out of date"
    MISSING = "missing"


@dataclass(frozen=True)
class FieldTranslation:
    obj: object
    field: str
    language: str
    status: Status
    check: TranslationCheck | None

    @property
    def label(self):
        return type(self.obj)._meta.get_field(self.field).verbose_name

    @property
    def english_changes(self):
        """What changed in the English since the translation was saved, as a small HTML diff (words added in <ins>,
        taken out in <del>)."""
        if self.check is None:
            return ""
        before, now = self.check.english.split(), english(self.obj, self.field).split()
        parts = []
        for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=before, b=now, autojunk=False).get_opcodes():
            if op == "equal":
                parts.append(escape(" ".join(before[a1:a2])))
                continue
            if a2 > a1:
                parts.append(f"<del>{escape(' '.join(before[a1:a2]))}</del>")
            if b2 > b1:
                parts.append(f"<ins>{escape(' '.join(now[b1:b2]))}</ins>")
        return mark_safe(" ".join(parts))  # noqa: S308 - every piece above is escaped.

    @property
    def awaiting_review(self):
        return self.status is not Status.MISSING and not (self.check and self.check.reviewed_by)


def checks_of(objects):
    """{(content type id, object id, field, language): check} for these objects, in one query a model."""
    found = {}
    for model, pks in objects_by_model(objects).items():
        content_type = ContentType.objects.get_for_model(model)
        for check in TranslationCheck.objects.filter(content_type=content_type, object_id__in=pks):
            found[(content_type.id, check.object_id, check.field, check.language)] = check
    return found


def field_translations(objects, languages=None):
    """Every translated field with English text, of each object, in each other language, with its status."""
    objects = [obj for obj in objects if obj is not None]
    checks = checks_of(objects)
    result = []
    for obj in objects:
        content_type = ContentType.objects.get_for_model(type(obj))
        for field in translated_fields(type(obj)):
            source = english(obj, field)
            if not source.strip():
                continue  # Nothing to translate.
            for language in languages or other_languages():
                check = checks.get((content_type.id, obj.pk, field, language))
                if not translation(obj, field, language).strip():
                    status = Status.MISSING
                elif check is None or check.english != source:
                    status = Status.OUT_OF_DATE
                else:
                    status = Status.UP_TO_DATE
                result.append(FieldTranslation(obj, field, language, status, check))
    return result


def translated_pairs(model):
    """(field, language) of every translation the model's records hold."""
    return [(field, language) for field in translated_fields(model) for language in other_languages()]


def record_saved_translations(obj, pairs=None):
    """These translations of obj (all, unless `pairs` names some) were written from its English as it is now: up to
    date, and awaiting a review again."""
    content_type = ContentType.objects.get_for_model(type(obj))
    for field, language in translated_pairs(type(obj)) if pairs is None else pairs:
        if translation(obj, field, language).strip():
            TranslationCheck.objects.update_or_create(
                content_type=content_type,
                object_id=obj.pk,
                field=field,
                language=language,
                defaults={"english": english(obj, field), "reviewed_by": "", "reviewed_on": None},
            )


def note_changed_translations(sender, instance, raw=False, **kwargs):
    """Before a save: which of its translations it changes (every one, for a new record; none, for a fixture)."""
    if raw or instance.pk is None:
        instance._translations_saved = None if raw else translated_pairs(sender)
        return
    pairs = translated_pairs(sender)
    names = [f"{field}_{language}" for field, language in pairs]
    before = sender._base_manager.filter(pk=instance.pk).values(*names).first() or {}
    instance._translations_saved = [
        pair
        for pair, name in zip(pairs, names, strict=True)
        if (getattr(instance, name) or "") != (before.get(name) or "")
    ]


def record_changed_translations(sender, instance, **kwargs):
    """After the save: each translation it changed was written from today's English."""
    if changed := getattr(instance, "_translations_saved", None):
        record_saved_translations(instance, changed)


def keep_translation_checks():
    """Connected once, by the app's ready(): every save of a translated model records the translations it changes."""
    from django.db.models.signals import post_save

    for model in translator.get_registered_models():
        uid = f"translation-checks-{model._meta.label}"
        pre_save.connect(note_changed_translations, sender=model, dispatch_uid=uid)
        post_save.connect(record_changed_translations, sender=model, dispatch_uid=uid)


@dataclass(frozen=True)
class PageTranslation:
    """What a page in another language says about its translation: whether some of it is still in English, and
    whether its translation still awaits a review by a clinician fluent in the language."""

    missing: bool
    awaiting_review: bool


def page_translation(objects, language):
    """For a page showing these records, in `language`; None in English (nothing is translated)."""
    if language == settings.LANGUAGE_CODE:
        return None
    objects = [obj for obj in objects if obj is not None]
    missing = any(
        english(obj, field).strip() and not translation(obj, field, language).strip()
        for obj in objects
        for field in translated_fields(type(obj))
    )
    unreviewed = False
    for model, pks in objects_by_model(objects).items():
        checks = TranslationCheck.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=pks, language=language
        )
        if checks.filter(reviewed_by="").exists() or not checks.exists():
            unreviewed = True
            break
    return PageTranslation(missing=missing, awaiting_review=unreviewed)


def objects_by_model(objects):
    found = {}
    for obj in objects:
        if translated_fields(type(obj)):
            found.setdefault(type(obj), []).append(obj.pk)
    return found


def records_shown(obj):
    """A record and, for a procedure, the rows of its lists: what its page shows that has a translation."""
    from .models import Treatment
    from .procedures.structure import LISTS

    if obj is None:
        return []
    if not isinstance(obj, Treatment):
        return [obj]
    rows = [row for part in LISTS for row in getattr(obj, part.related_name).all()]
    return [obj, *(getattr(row, "entry", row) for row in rows)]
