"""What a compare page measures the same way for every option: its outcome measures and their figures.

A patient decision aid gives each option's chance of an outcome for the same kind of patient, over the same
time, out of the same number of people, from one source where it can (IPDAS). An outcome measure says all of
that once, for the conditions whose compare pages show it; each option then has its figure, or says why it has
none (glue was not in that trial; stockings do not close veins).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .procedures import Condition, Reference, Treatment


class OutcomeMeasure(models.Model):
    class Row(models.TextChoices):
        # The compare grid's rows that show figures (treatments/procedures/structure.py names them).
        WORKS = "works", "How well does it work?"
        COMES_BACK = "comes_back", "Will my veins come back?"

    class Certainty(models.TextChoices):
        # GRADE's four levels of certainty of evidence, in words patients use.
        HIGH = "high", _("We are quite sure")
        MODERATE = "moderate", _("We are fairly sure")
        LOW = "low", _("We are not very sure")
        VERY_LOW = "very_low", _("We are very unsure")

    conditions = models.ManyToManyField(
        Condition, related_name="outcome_measures", help_text="The compare pages that show this measure."
    )
    row = models.CharField("row of the compare grid", max_length=12, choices=Row.choices)
    counted = models.CharField(
        "what is counted",
        max_length=120,
        help_text="Finishes 'Out of 100 legs treated, 94 ...', e.g. 'had the vein still closed'.",
    )
    denominator = models.PositiveSmallIntegerField(
        "out of", choices=[(100, "100"), (1000, "1,000")], default=100, help_text="The same for every option."
    )
    unit = models.CharField(
        "out of 100 what", max_length=40, default="people", help_text="People or legs, as the source counted."
    )
    period = models.CharField("over what time", max_length=80, help_text="e.g. '1 year after treatment'.")
    population = models.CharField(
        "who was measured",
        max_length=300,
        help_text="The kind of patient, in plain words, e.g. 'People with varicose veins from a leaking main vein "
        "in the thigh, in a trial of 500 people.'",
    )
    source = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="+")
    certainty = models.CharField("how sure the evidence is", max_length=10, choices=Certainty.choices)
    certainty_reason = models.CharField(
        "why", max_length=300, help_text="e.g. 'One randomised trial. Results may differ for you.'"
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first within a row.")

    class Meta:
        ordering = ["row", "position", "pk"]
        verbose_name = "outcome measure"
        verbose_name_plural = "outcome measures (the figures compare pages give for every option)"

    def __str__(self):
        return f"{self.get_row_display()} {self.counted}, {self.period}"

    @property
    def sentence(self):
        """The measure as patients read it: 'Out of 100 legs treated, how many had the vein still closed 1 year
        after treatment?'"""
        return gettext("Out of %(denominator)s %(unit)s treated, how many %(counted)s %(period)s?") % {
            "denominator": number_format(self.denominator, force_grouping=True),
            "unit": self.unit,
            "counted": self.counted,
            "period": self.period,
        }


class OutcomeFigure(models.Model):
    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.CASCADE, related_name="figures")
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="outcome_figures")
    count = models.PositiveSmallIntegerField(
        "how many",
        null=True,
        blank=True,
        help_text="Out of the measure's 100 (or 1,000), rounded. Empty: there is no comparable figure (say why).",
    )
    source = models.ForeignKey(
        Reference,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only when it comes from another study than the measure's: the page says so.",
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why there is no figure, or how the other study differs, e.g. 'Glue was not in that trial.'",
    )

    class Meta:
        unique_together = [("measure", "treatment")]
        ordering = ["pk"]
        verbose_name = "figure for one option"

    def __str__(self):
        return f"{self.treatment}: {self.count if self.count is not None else 'no comparable figure'}"

    def clean(self):
        if self.count is not None and self.measure_id and self.count > self.measure.denominator:
            raise ValidationError({"count": f"At most {self.measure.denominator:,}."})
        if self.count is None and not self.note.strip():
            raise ValidationError({"note": "Say why there is no comparable figure."})
        if self.source_id and not self.note.strip():
            raise ValidationError({"note": "Say how the other study differs from the measure's."})
