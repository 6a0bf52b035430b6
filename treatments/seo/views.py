from django.http import HttpResponse
from django.urls import reverse


def robots_txt(request):
    """Search engines: everything public, except the staff area and per-patient pages."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('treatments:consultation_thanks')}",
        f"Sitemap: {request.build_absolute_uri(reverse('treatments:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
