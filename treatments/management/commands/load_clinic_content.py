"""Load the clinic's shipped content: creates what is missing, never overwrites.

Staff own the content once it is in the database, so a record that already
exists (matched by its slug, name, web address or text) is left exactly as staff
left it, lists and links included. Only what is still empty is filled in: the clinic's
details, a page's compare grid answers and its illustrations (fields a site set up
before them never had). Safe to run on every deploy.

The content lives in treatments/content/: clinic.json (the clinic, its specialists
and the conditions), library.json (sources, warning signs, shared passages, the
words explained and the illustrations, each stored once under a key) and procedures/<slug>.json, one
procedure each, naming the library entries it shows by their keys. A procedure file may add entries of its own
under "library"; a key, or a source's web address, may be given only once.

Each other language of settings.LANGUAGES has its own folder (content/es/...) of the same files, holding only the
text it rewrites, at the same keys and list positions as the English (with_translations). A translation fills its
field where that field is still empty and the English beside it is still the shipped English, so a site loaded
before a language existed gains it, and a page staff rewrote in English never gets a translation of the old text.
"""

import json
from datetime import timedelta
from pathlib import Path

import reversion
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from treatments import models
from treatments.languages import other_languages
from treatments.models.procedures import LinkedItem, Reference, SharedPassage, Sign, Word
from treatments.procedures.structure import GRID
from treatments.procedures.structure import LISTS as PROCEDURE_LISTS
from treatments.revisions import FIRST_REVISION_COMMENT
from treatments.translation import TRANSLATED_FIELDS
from treatments.translations import record_saved_translations

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"

# A treatment's lists: JSON key (the list's related name) -> model of one row. A row is
# an object of the model's fields, or a plain string for a one-line `text` row; a row of
# a library list (sources, signs) is the key of its library entry.
LISTS = {part.related_name: part.model for part in PROCEDURE_LISTS}
# Each library: its key in the JSON, its model, and the field an entry is matched by in the database.
LIBRARIES = {
    Reference: ("references", "url"),
    Sign: ("signs", "text"),
    SharedPassage: ("passages", "name"),
    Word: ("words", "slug"),
    models.Illustration: ("illustrations", "name"),
}
LINKS = ("conditions", "related", "reviewer", "passages", "library", "illustrations")
# A shipped page has had no review by the clinic's specialists: its first is due this soon after loading.
FIRST_REVIEW_WITHIN_DAYS = 30


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


def content_files(directory=CONTENT_DIR):
    """Every file the shipped content is read from, in loading order."""
    return [directory / "clinic.json", directory / "library.json", *sorted((directory / "procedures").glob("*.json"))]


def translated(english, translation, language, where):
    """The English data with the translation's text beside it: {"title": "X"} and {"title": "Y"} give
    {"title": "X", "title_es": "Y"}; a list's rows pair by position, and a row that is a plain string becomes
    {"text": ..., "text_es": ...}."""
    if isinstance(english, list):
        if not isinstance(translation, list) or len(translation) != len(english):
            raise CommandError(f"{where}: the {language} list has not the English list's {len(english)} rows.")
        return [
            translated(row, other, language, f"{where}[{i}]")
            for i, (row, other) in enumerate(zip(english, translation, strict=True))
        ]
    if isinstance(english, str):
        return {"text": english, f"text_{language}": translation}
    if not isinstance(english, dict) or not isinstance(translation, dict):
        raise CommandError(f"{where}: the {language} text is not where the English has text.")
    merged = dict(english)
    for key, value in translation.items():
        if key not in english:
            raise CommandError(f"{where}: '{key}' is in the {language} content but not in the English.")
        if isinstance(value, str):
            merged[f"{key}_{language}"] = value
        else:
            merged[key] = translated(english[key], value, language, f"{where}.{key}")
    return merged


def with_translations(english, path, directory):
    """A content file's data with each other language's text from the same file in that language's folder."""
    data = english
    for language in other_languages():
        other = directory / language / path.relative_to(directory)
        if other.exists():
            data = translated(data, read(other), language, f"{language}/{path.relative_to(directory)}")
    return data


def read_content(path, directory):
    return with_translations(read(path), path, directory)


def shipped_content(directory=CONTENT_DIR):
    """The whole shipped content: {"clinic", "specialists", "conditions", "library", "treatments"}."""
    content = read_content(directory / "clinic.json", directory)
    library = {name: {} for name, _ in LIBRARIES.values()}
    treatments = [read_content(path, directory) for path in sorted((directory / "procedures").glob("*.json"))]
    for part in (
        read_content(directory / "library.json", directory),
        *(treatment.get("library", {}) for treatment in treatments),
    ):
        for name, entries in part.items():
            for key, entry in entries.items():
                if key in library[name]:
                    raise CommandError(f"The {name} key '{key}' is given twice in the shipped content.")
                library[name][key] = entry
    for name, unique in LIBRARIES.values():
        values = [entry[unique] for entry in library[name].values()]
        if duplicated := {value for value in values if values.count(value) > 1}:
            raise CommandError(f"These {name} are given under two keys: {', '.join(sorted(duplicated))}")
    return {**content, "library": library, "treatments": treatments}


class Command(BaseCommand):
    help = "Create the clinic's shipped content where it is missing. Never changes what staff have edited."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=CONTENT_DIR, help="Content folder (see this command's help).")

    @transaction.atomic
    @reversion.create_revision()  # What it creates is the first version staff compare their edits with.
    def handle(self, *args, dir, verbosity, **options):
        reversion.set_comment(FIRST_REVISION_COMMENT)
        content = shipped_content(dir)
        self.created = []
        self.fill_clinic_details(content["clinic"])
        for data in content.get("specialists", []):
            self.create_missing(models.Specialist, "name", data)
        # The library entries each key names, created where missing.
        self.library = {
            name: {key: self.create_missing(model, unique, entry, keep=True) for key, entry in entries.items()}
            for model, (name, unique) in LIBRARIES.items()
            for entries in (content["library"][name],)
        }
        self.fill_clinic_sources(content["clinic"].get("insurance_sources", []))
        # A condition's "options": the slugs of the procedures that treat it, in the order guidance gives.
        option_order = {data["slug"]: data.get("options", []) for data in content.get("conditions", [])}
        for data in content.get("conditions", []):
            self.create_missing(
                models.Condition,
                "slug",
                {key: value for key, value in data.items() if key not in ("options", "illustrations")},
            )
        new_treatments = [
            (treatment, data)
            for data in content["treatments"]
            if (treatment := self.create_treatment(data)) is not None
        ]
        # Links go in after every treatment exists, so a page can name one listed after it.
        for treatment, data in new_treatments:
            for condition in models.Condition.objects.filter(slug__in=data.get("conditions", [])):
                order = option_order.get(condition.slug, [])
                position = order.index(treatment.slug) + 1 if treatment.slug in order else len(order) + 1
                treatment.conditions.add(condition, through_defaults={"position": position})
            # Added, not set: the link goes both ways, and set() would drop one an earlier page made to this one.
            treatment.related_treatments.add(*models.Treatment.objects.filter(slug__in=data.get("related", [])))
            treatment.shared_passages.add(*(self.library["passages"][key] for key in data.get("passages", [])))
            reversion.add_to_revision(treatment)  # Again, with its lists and links: bulk_create records nothing.
        self.fill_grid_answers(content["treatments"])
        self.fill_illustrations(models.Condition, content.get("conditions", []))
        self.fill_illustrations(models.Treatment, content["treatments"])
        for data in content.get("outcome_measures", []):
            self.create_outcome_measure(data)
        self.fill_translations(content)
        summary = ", ".join(self.created) if self.created else "nothing: everything was already there"
        if verbosity:
            self.stdout.write(f"Created {summary}.")

    def fill_clinic_details(self, data):
        """Create the clinic's row, or fill in fields that are still empty (new fields, say). Its sources for what
        insurers ask for are library keys, added once the library exists (fill_clinic_sources)."""
        data = {key: value for key, value in data.items() if key != "insurance_sources"}
        clinic = models.ClinicDetails.objects.filter(pk=1).first()
        if clinic is None:
            models.ClinicDetails.objects.create(**data)
            self.created.append("clinic details")
            return
        missing = [field for field, value in data.items() if not getattr(clinic, field)]
        if missing:
            models.ClinicDetails.objects.filter(pk=1).update(**{field: data[field] for field in missing})
            self.created.append(f"clinic details: {', '.join(missing)}")

    def fill_clinic_sources(self, keys):
        clinic = models.ClinicDetails.objects.get(pk=1)
        if keys and not clinic.insurance_sources.exists():
            clinic.insurance_sources.add(*(self.library["references"][key] for key in keys))

    def fill_grid_answers(self, treatments):
        """Fill the compare grid answers a page still has empty (set up before they existed), and only those."""
        for data in treatments:
            treatment = models.Treatment.objects.filter(slug=data["slug"]).first()
            empty = [
                part.field for part in GRID if treatment and not getattr(treatment, part.field) and data.get(part.field)
            ]
            if empty:
                for name in empty:
                    setattr(treatment, name, data[name])
                treatment.save(update_fields=empty)
                reversion.add_to_revision(treatment)
                self.created.append(f"compare grid answers of '{treatment}'")

    def fill_illustrations(self, model, pages):
        """A page's illustrations, where it has none yet (new pages, or a site set up before they existed)."""
        for data in pages:
            page = model.objects.filter(slug=data["slug"]).first()
            if page and data.get("illustrations") and not page.illustrations.exists():
                page.illustrations.add(*(self.library["illustrations"][key] for key in data["illustrations"]))
                self.created.append(f"illustrations of '{page}'")

    def create_outcome_measure(self, data):
        """A compare page's outcome measure, matched by its row, what it counts and its period; its figures for the
        options that exist, where missing."""
        fields = {key: value for key, value in data.items() if key not in ("conditions", "figures", "source")}
        fields["source"] = self.library["references"][data["source"]]
        measure, created = models.OutcomeMeasure.objects.get_or_create(
            row=data["row"], counted=data["counted"], period=data["period"], defaults=fields
        )
        if created:
            measure.conditions.set(models.Condition.objects.filter(slug__in=data["conditions"]))
            self.created.append(f"outcome measure '{measure}'")
        for slug, figure in data["figures"].items():
            treatment = models.Treatment.objects.filter(slug=slug).first()
            if treatment is None:
                continue
            source = self.library["references"][figure["source"]] if figure.get("source") else None
            models.OutcomeFigure.objects.get_or_create(
                measure=measure,
                treatment=treatment,
                defaults={"count": figure.get("count"), "note": figure.get("note", ""), "source": source},
            )

    def fill_translations(self, content):
        """Each shipped translation, where its field is empty and the English beside it is the shipped English."""
        pairs = [(models.ClinicDetails.objects.filter(pk=1).first(), content["clinic"])]
        pairs += [
            (models.Specialist.objects.filter(name=data["name"]).first(), data)
            for data in content.get("specialists", [])
        ]
        pairs += [
            (models.Condition.objects.filter(slug=data["slug"]).first(), data) for data in content.get("conditions", [])
        ]
        pairs += [
            (self.library[name][key], entry)
            for _, (name, _) in LIBRARIES.items()
            for key, entry in content["library"][name].items()
        ]
        for data in content["treatments"]:
            treatment = models.Treatment.objects.filter(slug=data["slug"]).first()
            if treatment is None:
                continue
            pairs.append((treatment, data))
            for key, model in LISTS.items():
                if not issubclass(model, LinkedItem):
                    rows = model.objects.filter(treatment=treatment).order_by("position")
                    pairs += [
                        (row, self.row_fields(model, data_row))
                        for row, data_row in zip(rows, data.get(key, []), strict=False)
                    ]
        for data in content.get("outcome_measures", []):
            measure = models.OutcomeMeasure.objects.filter(
                row=data["row"], counted_en=data["counted"], period_en=data["period"]
            ).first()
            pairs.append((measure, data))
            for slug, figure in data["figures"].items():
                pairs.append(
                    (models.OutcomeFigure.objects.filter(measure=measure, treatment__slug=slug).first(), figure)
                )
        filled = [str(obj) for obj, data in pairs if obj is not None and self.fill_translation(obj, data)]
        if filled:
            self.created.append(f"translations of {len(filled)} records")

    def fill_translation(self, obj, data):
        """Set obj's empty translated fields from data where data's English is obj's English; whether any was."""
        fields = TRANSLATED_FIELDS.get(type(obj), ())
        filled = [
            f"{field}_{language}"
            for field in fields
            for language in other_languages()
            if data.get(f"{field}_{language}")
            and not getattr(obj, f"{field}_{language}")
            and getattr(obj, f"{field}_{settings.LANGUAGE_CODE}") == data.get(field)
        ]
        for name in filled:
            setattr(obj, name, data[name])
        if filled:
            obj.save(update_fields=filled)
            if reversion.is_registered(type(obj)):
                reversion.add_to_revision(obj)
        return bool(filled)

    def create_missing(self, model, key, data, keep=False):
        """The record matched by `key`, created from `data` if missing: None if it existed, unless `keep`."""
        obj, created = model.objects.get_or_create(**{key: data[key]}, defaults=data)
        if created and not keep:
            self.created.append(f"{model._meta.verbose_name} '{obj}'")
        return obj if created or keep else None

    def create_treatment(self, data):
        fields = {key: value for key, value in data.items() if key not in LISTS and key not in LINKS}
        if reviewer := data.get("reviewer"):
            fields["reviewer"] = models.Specialist.objects.get(name=reviewer)
        fields.setdefault("next_review_due", timezone.localdate() + timedelta(days=FIRST_REVIEW_WITHIN_DAYS))
        treatment = self.create_missing(models.Treatment, "slug", fields)
        if treatment is None:
            return None
        for key, model in LISTS.items():
            rows = model.objects.bulk_create(
                model(treatment=treatment, position=position, **self.row_fields(model, row))
                for position, row in enumerate(data.get(key, []), 1)
            )
            for row in rows:  # bulk_create sends no signals: the shipped translations are written from this English.
                record_saved_translations(row)
        return treatment

    def row_fields(self, model, row):
        if issubclass(model, LinkedItem):  # The key of a library entry.
            entry_model = model._meta.get_field(model.linked).related_model
            return {model.linked: self.library[LIBRARIES[entry_model][0]][row]}
        return row if isinstance(row, dict) else {"text": row}
