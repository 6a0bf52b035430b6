"""Revisions of what patients read: who changed what, and when; comparing two versions; restoring one.

django-reversion keeps the history. What it records is registered here, at app load (TreatmentsConfig.ready()),
so that any save inside `reversion.create_revision()` is recorded: the admin's (treatments/admin/revisions.py)
and the shipped-content loader's alike. A procedure is recorded with every one of its declared lists
(treatments/procedures/structure.py) and its conditions; a condition with its options.

A version of an object is its own fields plus the rows of each of its lists that were saved in the same
revision (a Snapshot). Comparing and restoring work on snapshots, the same way for every recorded model.
"""

import datetime
import difflib
import re
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from modeltranslation.fields import TranslationField
from reversion.models import Version

from .models.text import normalised

FIRST_REVISION_COMMENT = "Loaded from the clinic's shipped content"


def recorded_models():
    """Each model whose history is kept -> the lists (reverse relations, by accessor name) kept with it."""
    from .models import ClinicDetails, Condition, OutcomeMeasure, Specialist, Treatment
    from .procedures.structure import LIBRARIES, LISTS

    return {
        Treatment: (*(part.related_name for part in LISTS), "conditionoption_set"),
        Condition: ("conditionoption_set",),
        OutcomeMeasure: ("figures",),
        Specialist: (),
        ClinicDetails: (),
        **{library: () for library in LIBRARIES},  # A library entry has its own history: one edit, many pages.
    }


def list_relation(model, name):
    """The reverse relation of `model` that `name` (e.g. "faqs", "conditionoption_set") reaches its rows by."""
    return next(rel for rel in model._meta.related_objects if rel.get_accessor_name() == name)


def register_content():
    """Called once, by the app's ready(): every recorded model, and the model of each list kept with it."""
    for model, lists in recorded_models().items():
        reversion.register(model, follow=lists)
        for name in lists:
            row_model = list_relation(model, name).related_model
            if not reversion.is_registered(row_model):
                reversion.register(row_model)
            for signal in (post_save, post_delete):
                signal.connect(record_owners, sender=row_model, dispatch_uid=f"revisions-{signal}-{row_model._meta}")
        for field in model._meta.many_to_many:
            if field.remote_field.symmetrical:
                m2m_changed.connect(record_linked, sender=field.remote_field.through, dispatch_uid=f"revisions-{field}")


def record_owners(sender, instance, **kwargs):
    """A row saved or deleted inside a revision: each recorded object whose list holds it is recorded again, so its
    history shows the change wherever it was made (a procedure's option added on a condition's page, say)."""
    if not reversion.is_active():
        return
    for link in owner_links(sender):
        if owner := link.related_model._base_manager.filter(pk=getattr(instance, link.attname)).first():
            reversion.add_to_revision(owner)


def owner_links(row_model):
    """The row model's foreign keys to the recorded objects whose lists it is in."""
    relations = (list_relation(model, name) for model, lists in recorded_models().items() for name in lists)
    return [relation.field for relation in relations if relation.related_model is row_model]


def record_linked(sender, instance, action, pk_set, model, **kwargs):
    """A link both ways (related procedures): the other side changed too, so its version is recorded again."""
    if not (reversion.is_active() and action in {"post_add", "post_remove"}):
        return
    if action == "post_add":
        # Django adds the mirror rows (other -> this one) only after this signal, and sends none for them: added
        # here first, each other side's version holds its new link (Django then finds them and adds nothing).
        this_one, other_one = (field.attname for field in sender._meta.concrete_fields if field.many_to_one)
        mirrors = [sender(**{this_one: pk, other_one: instance.pk}) for pk in pk_set]
        sender._base_manager.bulk_create(mirrors, ignore_conflicts=True)
    for other in model._base_manager.filter(pk__in=pk_set):
        reversion.add_to_revision(other)


# --- Versions ------------------------------------------------------------------------------------


def history(obj):
    """The object's versions, newest first, each with its revision and the revision's user."""
    return Version.objects.get_for_object(obj).select_related("revision__user").order_by("-pk")


def version_name(revision):
    """A revision as staff name it: "the version of 3 March 2027, 10:04 by alice"."""
    when = formats.date_format(timezone.localtime(revision.date_created), "DATETIME_FORMAT")
    return f"the version of {when} by {revision.user.get_username()}" if revision.user else f"the version of {when}"


@dataclass(frozen=True)
class Row:
    name: str  # The row as the admin names it, when it was saved.
    values: dict  # Field attname -> value.


@dataclass(frozen=True)
class Snapshot:
    """An object as one version saved it: its fields, and each of its lists' rows by primary key."""

    model: type[models.Model]
    object_id: object
    values: dict
    lists: dict  # Accessor name -> {pk: Row}.


def snapshot(version):
    model = version.content_type.model_class()
    object_id = model._meta.pk.to_python(version.object_id)
    same_revision = list(version.revision.version_set.exclude(pk=version.pk))
    lists = {}
    for name in recorded_models()[model]:
        relation = list_relation(model, name)
        row_type = ContentType.objects.get_for_model(relation.related_model)
        lists[name] = {
            relation.related_model._meta.pk.to_python(row.object_id): Row(row.object_repr, row.field_dict)
            for row in same_revision
            if row.content_type_id == row_type.pk and row.field_dict.get(relation.field.attname) == object_id
        }
    return Snapshot(model, object_id, version.field_dict, lists)


# --- Comparing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One field that differs: its name for staff, and both values as HTML (escaped, the changed words marked)."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class RowChange:
    kind: str  # "added", "removed" or "changed"
    name: str
    changes: list


@dataclass(frozen=True)
class ListChanges:
    label: str
    rows: list


@dataclass(frozen=True)
class Comparison:
    fields: list
    lists: list

    @property
    def is_empty(self):
        return not self.fields and not self.lists


def compared_fields(model, parent_link=None):
    """The fields staff edit, in the model's order: not the primary key, times kept automatically or a row's link
    to the object it belongs to. A many-to-many field with its own model of rows (a list) is compared as a list."""
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete
        and field.editable
        and not field.primary_key
        and field is not parent_link
        and not (field.many_to_many and not field.remote_field.through._meta.auto_created)
        # modeltranslation's copy of the English under title_en is the field itself (title): compared once.
        and not (isinstance(field, TranslationField) and field.language == settings.LANGUAGE_CODE)
    ]


def compare(earlier, later):
    """What changed from one snapshot of an object to a later one, field by field and row by row."""
    fields = changes(compared_fields(earlier.model), earlier.values, later.values)
    lists = []
    for name, before in earlier.lists.items():
        after = later.lists.get(name, {})
        relation = list_relation(earlier.model, name)
        row_fields = compared_fields(relation.related_model, parent_link=relation.field)
        rows = [
            RowChange("removed", before[pk].name, changes(row_fields, before[pk].values, {}))
            for pk in ordered(before, exclude=after)
        ]
        for pk in ordered(after):
            if pk not in before:
                rows.append(RowChange("added", after[pk].name, changes(row_fields, {}, after[pk].values)))
            elif row_changes := changes(row_fields, before[pk].values, after[pk].values):
                rows.append(RowChange("changed", after[pk].name, row_changes))
        if rows:
            lists.append(ListChanges(capfirst(relation.related_model._meta.verbose_name_plural), rows))
    return Comparison(fields, lists)


def ordered(rows, exclude=()):
    """Primary keys of the rows in their list's order (position, then when they were added)."""
    return sorted((pk for pk in rows if pk not in exclude), key=lambda pk: (rows[pk].values.get("position", 0), pk))


def changes(fields, before, after):
    found = []
    for field in fields:
        old, new = shown(field, before.get(field.attname)), shown(field, after.get(field.attname))
        if old != new:
            found.append(Change(capfirst(field.verbose_name), *highlighted(old, new)))
    return found


def shown(field, value):
    """A stored value as staff read it in the admin."""
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if field.many_to_many:
        return ", ".join(sorted(str(obj) for obj in field.related_model._base_manager.filter(pk__in=value)))
    if field.many_to_one:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else f"(deleted since, number {value})"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    if isinstance(value, str):
        return normalised(value)  # A version saved before text was normalised compares as it would be kept now.
    return str(formats.localize(value))


WORDS = re.compile(r"\S+\s*|\s+")  # Each word with the spaces after it.


def highlighted(before, after):
    """Both texts HTML-escaped, with the words taken out of the first in <del> and put into the second in <ins>."""
    old, new = WORDS.findall(before), WORDS.findall(after)
    old_html, new_html = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        removed, added = escape("".join(old[i1:i2])), escape("".join(new[j1:j2]))
        if tag == "equal":
            old_html.append(removed)
            new_html.append(added)
            continue
        if removed:
            old_html.append(f"<del>{removed}</del>")
        if added:
            new_html.append(f"<ins>{added}</ins>")
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))  # noqa: S308 - every piece is escaped above.


# --- Restoring -----------------------------------------------------------------------------------


class RestoreRefused(Exception):
    """The version cannot be restored as it is (it breaks a rule the admin enforces now): the reasons, for staff."""


def restore(version, user, comment=None):
    """Make the object and its lists as `version` saved them, as a new revision; return that revision's comment.

    Everything is saved and deleted through the models, so the admin's rules are checked (a version that breaks a
    rule made since is refused, with the reasons) and the page cache's signals replace every kept page at once.
    Rows added since the version are deleted; rows deleted since are put back. A list whose rows the user may not
    add, change and delete is left as it is, and the comment says so.
    """
    earlier = snapshot(version)
    comment = comment or f"Restored {version_name(version.revision)}"
    left_out = [
        name for name in earlier.lists if not may_rewrite(user, list_relation(earlier.model, name).related_model)
    ]
    if left_out:
        labels = ", ".join(
            capfirst(list_relation(earlier.model, name).related_model._meta.verbose_name_plural) for name in left_out
        )
        comment += f" (left as they are, as you may not change them: {labels})"
    earlier = Snapshot(
        earlier.model,
        earlier.object_id,
        earlier.values,
        {name: rows for name, rows in earlier.lists.items() if name not in left_out},
    )
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        obj = earlier.model._base_manager.select_for_update().get(pk=earlier.object_id)
        for field in restored_fields(earlier.model):
            if field.attname in earlier.values:  # A field added since keeps its value.
                setattr(obj, field.attname, earlier.values[field.attname])
        for name, rows in earlier.lists.items():
            getattr(obj, name).exclude(pk__in=rows).delete()
        checked(obj, obj)
        obj.save()
        for field in earlier.model._meta.many_to_many:
            if field.attname in earlier.values:
                linked = field.related_model._base_manager.filter(pk__in=earlier.values[field.attname])
                getattr(obj, field.name).set(linked)  # Only those that still exist.
        for name, rows in earlier.lists.items():
            row_model = list_relation(earlier.model, name).related_model
            current = {row.pk: row for row in getattr(obj, name).all()}
            for pk, row in rows.items():
                values = {
                    f.attname: row.values[f.attname] for f in restored_fields(row_model) if f.attname in row.values
                }
                restored = current.get(pk) or put_back(row_model, pk)
                if not restored._state.adding and all(getattr(restored, f) == v for f, v in values.items()):
                    continue  # Unchanged since: saving it again would only add work.
                for attname, value in values.items():
                    setattr(restored, attname, value)
                checked(restored, obj, f"{capfirst(row_model._meta.verbose_name)} “{row.name}”")
                restored.save()
        reversion.add_to_revision(obj)  # Its final state, with every list as restored.
    return comment


def may_rewrite(user, row_model):
    """Whether the user may add, change and delete this list's rows, as restoring it may do all three."""
    if user is None:
        return True  # The system's own restore (a scheduled draft published with nobody recorded).
    opts = row_model._meta
    return all(user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}") for action in ("add", "change", "delete"))


def put_back(row_model, pk):
    """A row of the version that the object's list no longer holds: put back under its number, or under a new one
    if another row has it now (a draft's new rows were numbered in a transaction that was undone)."""
    return row_model() if row_model._base_manager.filter(pk=pk).exists() else row_model(pk=pk)


def restored_fields(model):
    """Every column but the primary key and the times Django keeps itself (the restore is a change made now)."""
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False)
    ]


def checked(instance, obj, row=""):
    """The admin's checks (full_clean): a rule the instance breaks refuses the restore, saying where and why."""
    try:
        instance.clean_fields()  # First alone: a rule in clean() may read a related object deleted since.
        instance.full_clean()
    except ValidationError as error:
        reasons = [
            reason(row, type(instance), name, message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
        raise RestoreRefused(f"This version of “{obj}” cannot be restored as it is. " + " ".join(reasons)) from error


def reason(row, model, field_name, message):
    """ "Question patients ask “How long…”, Answer: This field cannot be blank.", naming only what is known."""
    field = "" if field_name == NON_FIELD_ERRORS else capfirst(model._meta.get_field(field_name).verbose_name)
    where = ", ".join(part for part in (row, field) if part)
    return f"{where}: {message}" if where else message
