"""Drafts of live procedure pages: changes saved for later while patients keep seeing the published page."""

from django.conf import settings
from django.db import models
from reversion.models import Revision

from .procedures import Treatment


class DraftQuerySet(models.QuerySet):
    def due(self, now):
        """Scheduled drafts whose time has come."""
        return self.filter(publish_at__lte=now)


class Draft(models.Model):
    """A live page's next version. What it holds is a revision in the page's history (treatments/drafts.py): it is
    previewed, compared and published like any version, and replaces the live page only when it is published."""

    treatment = models.OneToOneField(Treatment, on_delete=models.CASCADE, related_name="draft")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    saved_at = models.DateTimeField(auto_now=True)
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        db_index=True,
        help_text="When the draft replaces the live page. Empty: only when someone publishes it.",
    )
    problem = models.TextField(blank=True, help_text="Why the draft could not be published at its time.")
    # The change form as it was posted, so the form opens on the draft and the editor carries on from it.
    form_data = models.JSONField(default=dict)

    objects = DraftQuerySet.as_manager()

    class Meta:
        verbose_name = "draft of a live page"

    def __str__(self):
        return f"Draft of {self.treatment}"
