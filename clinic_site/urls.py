from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from clinic_site.views import robots_txt
from treatments.consultation_views import ConsultationRequestView, ConsultationThanksView, PrivacyView
from treatments.sitemaps import SITEMAPS
from treatments.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("treatments.urls")),
    path("consultation/", ConsultationRequestView.as_view(), name="consultation"),
    path("consultation/thanks/", ConsultationThanksView.as_view(), name="consultation_thanks"),
    path("privacy/", PrivacyView.as_view(), name="privacy"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
    # Uploaded images in development; production serves MEDIA_ROOT from the web server.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]

handler500 = "clinic_site.views.server_error"
