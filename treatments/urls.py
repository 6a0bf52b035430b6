"""Every page of the site, under one namespace: {% url 'treatments:detail' slug %}."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import clinic_pages, site_pages
from .consultations import views as consultations
from .operations.health import HealthView
from .procedures import tool_views
from .procedures import views as procedures
from .search.views import SearchView
from .seo.sitemaps import SITEMAPS
from .seo.views import robots_txt

app_name = "treatments"

urlpatterns = [
    path("", site_pages.HomeView.as_view(), name="home"),
    path("privacy/", site_pages.PrivacyView.as_view(), name="privacy"),
    path("specialists/", clinic_pages.SpecialistListView.as_view(), name="specialists"),
    path("specialists/<slug:slug>/", clinic_pages.SpecialistDetailView.as_view(), name="specialist"),
    path("visit/", clinic_pages.VisitView.as_view(), name="visit"),
    path("costs/", clinic_pages.CostsView.as_view(), name="costs"),
    path("treatments/", procedures.TreatmentListView.as_view(), name="list"),
    path("treatments/<slug:slug>/", procedures.TreatmentDetailView.as_view(), name="detail"),
    # A patient's aftercare plan from a posted date: stored nowhere, never in an address (tool_views.py).
    path("treatments/<slug:slug>/aftercare-plan/", tool_views.AftercarePlanView.as_view(), name="aftercare_plan"),
    path(
        "treatments/<slug:slug>/aftercare-plan.ics",
        tool_views.AftercareCalendarView.as_view(),
        name="aftercare_calendar",
    ),
    # "Is this right for me?" without JavaScript: answers posted, stored nowhere, never in an address (tool_views.py).
    path("treatments/<slug:slug>/self-check/", tool_views.SelfCheckView.as_view(), name="self_check"),
    path("conditions/<slug:slug>/", procedures.ConditionDetailView.as_view(), name="condition"),
    path("conditions/<slug:slug>/compare/", procedures.ConditionCompareView.as_view(), name="compare"),
    # The chosen options and priorities are in the address (a GET form): the page is cached, stores nothing.
    path("conditions/<slug:slug>/compare/summary/", procedures.CompareSummaryView.as_view(), name="compare_summary"),
    # Published procedures, conditions and questions; not a cached page, as each query is its own page.
    path("search/", SearchView.as_view(), name="search"),
    path("consultation/", consultations.ConsultationRequestView.as_view(), name="consultation"),
    path("consultation/thanks/", consultations.ConsultationThanksView.as_view(), name="consultation_thanks"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # For the load balancer: 200 while this host can serve pages, 503 when its database does not answer.
    path("healthz", HealthView.as_view(), name="healthz"),
]
