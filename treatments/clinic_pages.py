"""Who treats you, where, and what it costs: the clinic's own pages, from Clinic details, the specialists and the
procedures' clinic-protocol fields. Nothing here is invented: an empty field shows as not added yet, and the
go-live check lists it."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from .models import ClinicDetails, Specialist, Treatment
from .procedures.prefetches import LINK_FIELDS, published_treatments_prefetch
from .seo import structured_data
from .seo.page import Page, PageMixin, trail

SPECIALISTS_TITLE = _("Our specialists")


class ClinicPageMixin(PageMixin):
    """A page of the clinic's own, one step below the home page in the trail."""

    def get_page(self):
        # A plain str in the trail: its JSON-LD is written with json.dumps.
        return Page(self.page_title, self.page_description, trail=trail((str(self.page_title), self.request.path)))


class SpecialistListView(ClinicPageMixin, ListView):
    template_name = "clinic/specialist_list.html"
    context_object_name = "specialists"
    page_title = SPECIALISTS_TITLE
    page_description = _("Who treats you at our clinic: each specialist's training, board certification and languages.")

    def get_queryset(self):
        return Specialist.objects.public().prefetch_related(published_treatments_prefetch("performs", LINK_FIELDS))


class SpecialistDetailView(PageMixin, DetailView):
    template_name = "clinic/specialist_detail.html"
    context_object_name = "specialist"

    def get_queryset(self):
        # A sample profile is never public, whatever its address.
        return Specialist.objects.public().prefetch_related(
            published_treatments_prefetch("performs", LINK_FIELDS),
            published_treatments_prefetch("reviewed_treatments", LINK_FIELDS),
        )

    def get_page(self):
        specialist = self.object
        names = {"name": specialist.name, "credentials": specialist.credentials, "role": specialist.role}
        if specialist.role:
            description = gettext("%(name)s, %(credentials)s: %(role)s at our clinic.") % names
        else:
            description = gettext("%(name)s, %(credentials)s: specialist at our clinic.") % names
        return Page(
            specialist.name,
            description,
            trail=trail(
                (str(SPECIALISTS_TITLE), reverse("treatments:specialists")), (specialist.name, self.request.path)
            ),
        )

    def get_structured_data(self):
        return [structured_data.physician(self.request, self.object, ClinicDetails.for_request(self.request))]


class VisitView(ClinicPageMixin, TemplateView):
    template_name = "clinic/visit.html"
    page_title = _("Visit us")
    page_description = _("Where we are, when we are open, parking, public transport and step-free access.")

    def get_structured_data(self):
        return [structured_data.medical_clinic(self.request, ClinicDetails.for_request(self.request))]


class CostsView(ClinicPageMixin, TemplateView):
    template_name = "clinic/costs.html"
    page_title = _("Costs and insurance")
    page_description = _(
        "What each treatment costs if you pay yourself, the insurers we work with, and what insurers ask for."
    )

    def get_context_data(self, **kwargs):
        procedures = Treatment.objects.published().only("title", "slug", "clinic_price", "insurance", "short_cost")
        return super().get_context_data(procedures=procedures, **kwargs)
