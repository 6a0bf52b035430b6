"""A public page's title, description and breadcrumb trail, set once by its view.

The head (title, description, canonical link, Open Graph), the visible
breadcrumb and the breadcrumb JSON-LD are all drawn from the one `Page`.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from ..translations import page_translation, records_shown
from . import structured_data

DEFAULT_DESCRIPTION = gettext_lazy(
    "Vein care explained in plain words: treatments, what to expect, risks and recovery."
)


@dataclass(frozen=True)
class Page:
    title: str  # The clinic's name is added after it in the browser's title.
    description: str = DEFAULT_DESCRIPTION
    trail: tuple[tuple[str, str], ...] = ()  # (name, path) from the home page down to this page.
    og_type: str = "website"
    indexed: bool = True
    # Screen readers announce the title first: "Error: " tells the patient at once that something needs fixing.
    has_error: bool = False


def trail(*crumbs):
    """The breadcrumb trail from the home page: trail(("Treatments", "/treatments/"), (title, path))."""
    return ((gettext("Home"), reverse("treatments:home")), *crumbs)


class PageMixin:
    """For a view of a public page: puts its `Page` and its JSON-LD in the template's context."""

    page_title = ""
    page_description = DEFAULT_DESCRIPTION

    def get_page(self):
        return Page(title=self.page_title, description=self.page_description)

    def get_structured_data(self):
        """schema.org objects describing this page; the breadcrumb list is added from the page's trail."""
        return []

    def get_translated_objects(self):
        """The translated records the page shows, for its note on what is still in English (translations.py): the
        page's own record (a procedure with its lists) where it has one."""
        return records_shown(getattr(self, "object", None))

    def get_context_data(self, **kwargs):
        page = self.get_page()
        data = self.get_structured_data()
        if page.trail:
            data.append(structured_data.breadcrumbs(self.request, page.trail))
        translated = page_translation(self.get_translated_objects(), translation.get_language())
        return super().get_context_data(page=page, structured_data=data, page_translation=translated, **kwargs)
