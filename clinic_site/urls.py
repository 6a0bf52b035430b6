from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # Before the admin's own URLs: its catch-all would otherwise take them.
    path(f"{settings.ADMIN_URL}two-factor/", include("treatments.admin.two_factor")),
    path(settings.ADMIN_URL, admin.site.urls),
    # Every page in each language: English at the addresses it always had, Spanish under /es/ (settings.LANGUAGES).
    *i18n_patterns(path("", include("treatments.urls")), prefix_default_language=False),
    # Uploaded images in development; production serves MEDIA_ROOT from the web server.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]

handler404 = "treatments.site_pages.page_not_found"
handler500 = "treatments.site_pages.server_error"
