# The clinic's "we reply within" promise becomes a number of working days, so the admin can flag requests
# that waited longer; the words patients read ("1 working day") are now derived from it (ClinicDetails.reply_within).

import math
import re

import django.core.validators
from django.db import migrations, models

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
NUMBER = re.compile(r"\b(\d+|" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)


def working_days(text, maximum=20):
    """The number of working days a free-text promise meant: "2 working days" -> 2, "48 hours" -> 2,
    "one week" -> 5. Anything unreadable keeps the default, 1."""
    match = NUMBER.search(text or "")
    if not match:
        return 1
    word = match.group(1).lower()
    number = int(word) if word.isdigit() else NUMBER_WORDS[word]
    unit = (text or "")[match.end() :].lower()
    if "hour" in unit:
        number = math.ceil(number / 24)
    elif "week" in unit:
        number *= 5
    return min(max(number, 1), maximum)


def to_working_days(apps, schema_editor):
    ClinicDetails = apps.get_model("treatments", "ClinicDetails")
    for clinic in ClinicDetails.objects.all():
        clinic.reply_within_working_days = working_days(clinic.reply_within)
        clinic.save(update_fields=["reply_within_working_days"])


def to_words(apps, schema_editor):
    ClinicDetails = apps.get_model("treatments", "ClinicDetails")
    for clinic in ClinicDetails.objects.all():
        days = clinic.reply_within_working_days
        clinic.reply_within = f"{days} working day{'' if days == 1 else 's'}"
        clinic.save(update_fields=["reply_within"])


class Migration(migrations.Migration):

    dependencies = [
        ("treatments", "0006_scheduling_review_state_and_aftercare_days"),
    ]

    operations = [
        migrations.AddField(
            model_name="clinicdetails",
            name="reply_within_working_days",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="How soon the front desk contacts a patient who asks for a consultation. Working days are "
                "Monday to Friday: Saturdays and Sundays are not counted (public holidays are). Patients read "
                "'within 2 working days' on the consultation form, its thank-you page and email; the admin's "
                "'Waiting' list flags requests that have waited longer.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(20),
                ],
                verbose_name="we reply within (working days)",
            ),
        ),
        migrations.RunPython(to_working_days, to_words),
        migrations.RemoveField(
            model_name="clinicdetails",
            name="reply_within",
        ),
    ]
