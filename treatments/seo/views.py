from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation


def robots_txt(request):
    """Search engines: everything public, except per-patient pages.

    The admin is not named: its address (ADMIN_URL) is kept off the usual path on purpose, and its
    pages tell search engines to keep out themselves (robots meta "NONE,NOARCHIVE").
    """
    thanks_pages = []
    for language, _ in settings.LANGUAGES:
        with translation.override(language):
            thanks_pages.append(f"Disallow: {reverse('treatments:consultation_thanks')}")
    # One sitemap for the whole site, every language in it; /es/robots.txt, if asked for, names the same one.
    with translation.override(settings.LANGUAGE_CODE):
        sitemap = request.build_absolute_uri(reverse("treatments:sitemap"))
    lines = ["User-agent: *", *thanks_pages, f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
