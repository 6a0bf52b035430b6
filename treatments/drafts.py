"""Drafts of live pages, as Wagtail's editors know them: save a draft, preview it, publish it now or schedule it.

A draft is a revision in the page's history, like any other version, but one that never reached the live page:
its changes are saved inside a savepoint, recorded, and undone (captured()). Patients keep seeing the published
page. Publishing a draft restores that version (treatments/revisions.py), so the admin's rules are checked again
and the page cache is replaced at once; the page never disappears.

A scheduled draft is published by the first request at or after its time (publish_any_due, called by
treatments/middleware/scheduled_drafts.py): no job or worker to run. Kept pages never outlive the next
scheduled time (page_cache.seconds_until_next_publish), so the first patient after it gets the new version.
"""

import logging
from contextlib import contextmanager

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import DatabaseError, transaction
from django.utils import formats, timezone
from reversion.models import Revision, Version

from .models import Draft, Treatment
from .revisions import RestoreRefused, list_relation, recorded_models, restore

logger = logging.getLogger(__name__)


class Undone(Exception):
    """Raised inside undone() to undo everything saved there."""


@contextmanager
def undone():
    """Save anything inside: it is undone at the end, whatever happens (a preview, a draft being captured)."""
    try:
        with transaction.atomic():
            yield
            raise Undone
    except Undone:
        pass


def recorded_rows(treatment):
    """The page and every row of its recorded lists, as the database holds them now."""
    objects = [treatment]
    for name in recorded_models()[Treatment]:
        relation = list_relation(Treatment, name)
        objects.extend(relation.related_model._base_manager.filter(**{relation.field.name: treatment}))
    return objects


def serialized(objects):
    """Each object as django-reversion stores a version of it."""
    return [
        Version(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            db="default",
            format="json",
            serialized_data=serializers.serialize("json", [obj]),
            object_repr=str(obj)[:191],
        )
        for obj in objects
    ]


def when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def save_draft(treatment, save_changes, user, publish_at=None):
    """Record `save_changes()` (the admin saving its form) as the page's draft, without changing the live page."""
    # Inside a revision, the undone save would be recorded as a change to the live page.
    assert not reversion.is_active(), "save_draft() records its own revision"
    with undone():
        save_changes()
        versions = serialized(recorded_rows(Treatment._base_manager.get(pk=treatment.pk)))
    comment = "Saved a draft (not public yet)"
    if publish_at:
        comment = f"Scheduled a draft to be published at {when(publish_at)}"
    with transaction.atomic():
        revision = Revision.objects.create(user=user, comment=comment, date_created=timezone.now())
        for version in versions:
            version.revision = revision
        Version.objects.bulk_create(versions)
        Draft.objects.update_or_create(
            treatment=treatment,
            defaults={"revision": revision, "saved_by": user, "publish_at": publish_at, "problem": ""},
        )
    return comment


def draft_version(draft):
    """The page's own version in the draft's revision."""
    return draft.revision.version_set.get(
        content_type=ContentType.objects.get_for_model(Treatment), object_id=str(draft.treatment_id)
    )


def publish(draft, user, comment=None):
    """The draft becomes the live page (the admin's rules are checked: RestoreRefused says why not), and is gone."""
    comment = comment or f"Published the draft saved {when(draft.saved_at)}"
    with transaction.atomic():
        restore(draft_version(draft), user, comment)
        draft.delete()
    return comment


def discard(draft):
    """The draft is dropped; its revision stays in the history."""
    draft.delete()


def publish_due(now=None):
    """Publish every scheduled draft whose time has come. A draft that breaks a rule stays, with the reason."""
    now = now or timezone.now()
    for draft_id in Draft.objects.due(now).values_list("pk", flat=True):
        with transaction.atomic():
            draft = Draft.objects.select_for_update().select_related("revision").filter(pk=draft_id).first()
            if draft is None or draft.publish_at is None or draft.publish_at > now:
                continue  # Published or changed by another request meanwhile.
            try:
                publish(draft, draft.saved_by, f"Published the draft scheduled for {when(draft.publish_at)}")
            except RestoreRefused as refused:
                Draft.objects.filter(pk=draft.pk).update(publish_at=None, problem=str(refused))
                logger.warning("Scheduled draft %s not published: %s", draft.pk, refused)


def publish_any_due():
    """Publish the drafts whose time has come, if any: one query when none is due."""
    try:
        if Draft.objects.due(timezone.now()).exists():
            publish_due()
    except DatabaseError:  # In an outage the outage page answers; the drafts wait for the database.
        pass
