from django.http import HttpResponse
from django.urls import reverse


def robots_txt(request):
    """Search engines: everything public, except per-patient pages.

    The admin is not named: its address (ADMIN_URL) is kept off the usual path on purpose, and its
    pages tell search engines to keep out themselves (robots meta "NONE,NOARCHIVE").
    """
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('treatments:consultation_thanks')}",
        f"Sitemap: {request.build_absolute_uri(reverse('treatments:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
