"""Pages of the whole site rather than of one concern: home, privacy notice, and the error pages."""

from django.db.models import Count
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .models import ClinicDetails, Condition, Specialist, Treatment
from .seo import structured_data
from .seo.page import Page, PageMixin


class HomeView(PageMixin, TemplateView):
    template_name = "home.html"
    page_title = _("Vein care explained in plain words")

    def get_structured_data(self):
        return [structured_data.medical_clinic(self.request, ClinicDetails.for_request(self.request))]

    def get_context_data(self, **kwargs):
        published = Treatment.objects.published()
        # "Understand your veins": the conditions a published procedure treats (the others have pages, not a place
        # here); "compare your options": those with two or more.
        # In the order the clinic's content lists them (varicose veins, the most common, first), in every language.
        conditions = (
            Condition.objects.filter(treatments__in=published)
            .annotate(options=Count("treatments"))
            .distinct()
            .order_by("pk")
        )
        return super().get_context_data(
            featured_treatments=published.filter(is_featured=True) or published,
            conditions=conditions,
            compared=[condition for condition in conditions if condition.options > 1],
            specialists=Specialist.objects.public(),
            **kwargs,
        )


class PrivacyView(PageMixin, TemplateView):
    template_name = "privacy.html"
    page_title = _("Privacy notice")
    page_description = _(
        "How we use the details you send through this website: what we collect, why, who sees it and how long we "
        "keep it."
    )


def page_not_found(request, exception):
    """Not kept anywhere: an address that was not found can hold what someone typed (a name, a condition)."""
    response = render(request, "404.html", {"page": Page(gettext("Page not found"), indexed=False)}, status=404)
    add_never_cache_headers(response)
    return response


def csrf_failure(request, reason=""):
    """A form sent without a valid security token: explain, in the site's design, what to do."""
    return render(
        request, "403_csrf.html", {"page": Page(gettext("Please send the form again"), indexed=False)}, status=403
    )


def server_error(request):
    """The 500 page in the site's design, even when the database is what failed."""
    try:
        clinic = ClinicDetails.load()
    except Exception:  # The page must render whatever broke; the error itself is already logged.
        clinic = ClinicDetails()
    return HttpResponseServerError(loader.render_to_string("500.html", {"clinic": clinic}))
