"""A page of one procedure's own for one patient: its self-check and its aftercare plan."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property

from ..models import Treatment
from ..seo.page import Page, PageMixin, trail


class ProcedureToolMixin(PageMixin):
    """Found as the procedure's page is (published, or any to staff previewing a draft, else a 404), shown under
    it in the breadcrumb trail, and kept out of search engines: it shows what one patient entered."""

    crumb = ""  # The page's name in the trail, e.g. "Is this right for me?"

    def prefetched_lists(self):
        """The related names of the declared lists the page reads."""
        return ()

    @cached_property
    def treatment(self):
        procedures = Treatment.objects.visible_to(self.request.user).prefetch_related(*self.prefetched_lists())
        return get_object_or_404(procedures, slug=self.kwargs["slug"])

    def tool_page(self, title, description, **options):
        treatment = self.treatment
        return Page(
            title=title,
            description=description,
            trail=trail(
                ("Treatments", reverse("treatments:list")),
                (treatment.title, treatment.get_absolute_url()),
                (self.crumb, self.request.path),
            ),
            indexed=False,
            **options,
        )
