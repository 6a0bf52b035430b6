"""The procedure form laid out for staff: one section per part of the page, each closed until opened (a jump menu
at the top opens any one), its lists inside it; and one list of every error at the top, rows included."""

from dataclasses import dataclass

from django.utils.text import capfirst


@dataclass(frozen=True)
class FormSection:
    number: int
    fieldset: object  # The admin's Fieldset.
    inlines: list  # The InlineAdminFormSets shown in it.
    has_errors: bool

    @property
    def anchor(self):
        return f"form-section-{self.number}"

    @property
    def is_open(self):
        """The first section (the page's title and address) is open; so is any section with an error."""
        return self.number == 0 or self.has_errors


def form_sections(adminform, inline_admin_formsets):
    form = adminform.form
    sections = []
    for number, fieldset in enumerate(adminform):
        inlines = [inline for inline in inline_admin_formsets if inline.opts.section == fieldset.name]
        field_errors = any(name in form.errors for name in fieldset.fields)
        row_errors = any(any(inline.formset.errors) or inline.formset.non_form_errors() for inline in inlines)
        sections.append(FormSection(number, fieldset, inlines, field_errors or row_errors))
    return sections


@dataclass(frozen=True)
class FormError:
    where: str
    message: str
    anchor: str  # The id of the input to fix.


def form_errors(form, inline_admin_formsets):
    """Every error of the form and of its lists' rows: "Aftercare: do, row 3, Up to day: ...", each linked."""
    errors = [
        FormError(capfirst(form[name].label) if name in form.fields else "Page", message, f"id_{name}")
        for name, messages in form.errors.items()
        for message in messages
    ]
    for inline in inline_admin_formsets:
        formset = inline.formset
        label = capfirst(formset.model._meta.verbose_name_plural)
        errors += [FormError(label, message, f"{formset.prefix}-group") for message in formset.non_form_errors()]
        for number, row in enumerate(formset.forms, 1):
            for name, messages in row.errors.items():
                field = capfirst(row[name].label) if name in row.fields else ""
                where = ", ".join(str(part) for part in (label, f"row {number}", field) if part)
                errors += [FormError(where, message, f"id_{row.prefix}-{name}") for message in messages]
    return errors
