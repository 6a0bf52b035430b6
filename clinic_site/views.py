from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse

from treatments.models import ClinicDetails


def server_error(request):
    """The 500 page in the site's design, even when the database is what failed."""
    try:
        clinic = ClinicDetails.load()
    except Exception:  # The page must render whatever broke; the error itself is already logged.
        clinic = ClinicDetails()
    return HttpResponseServerError(loader.render_to_string("500.html", {"clinic": clinic}))


def csrf_failure(request, reason=""):
    """A form sent without a valid security token: explain, in the site's design, what to do."""
    return render(request, "403_csrf.html", status=403)


def robots_txt(request):
    """Search engines: everything public, except the staff area and per-patient pages."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('consultation_thanks')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
