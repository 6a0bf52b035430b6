"""When each translation was last written, and from which English: a translation is out of date once the English
beside it has changed since (treatments/translations.py says each one's status)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class TranslationCheck(models.Model):
    """One field of one record in one language: the English its translation was last saved against."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=60)
    language = models.CharField(max_length=7)
    english = models.TextField(help_text="The English as it was when the translation was last saved.")
    saved_at = models.DateTimeField(auto_now=True)
    reviewed_by = models.CharField(
        max_length=120,
        blank=True,
        help_text="The clinician fluent in the language who checked the translation. Empty: awaiting review.",
    )
    reviewed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "translation check"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="one_check_per_translated_field"
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}: {self.field} ({self.language})"
