import pytest
from django.urls import resolve, reverse

from treatments import site_pages
from treatments.consultations import views as consultations
from treatments.procedures import views as procedures


@pytest.mark.parametrize(
    ("name", "kwargs", "path", "view"),
    [
        ("treatments:home", {}, "/", site_pages.HomeView),
        ("treatments:privacy", {}, "/privacy/", site_pages.PrivacyView),
        ("treatments:list", {}, "/treatments/", procedures.TreatmentListView),
        ("treatments:detail", {"slug": "sclero"}, "/treatments/sclero/", procedures.TreatmentDetailView),
        ("treatments:condition", {"slug": "spider-veins"}, "/conditions/spider-veins/", procedures.ConditionDetailView),
        ("treatments:consultation", {}, "/consultation/", consultations.ConsultationRequestView),
        ("treatments:consultation_thanks", {}, "/consultation/thanks/", consultations.ConsultationThanksView),
    ],
)
def test_urls_reverse_and_resolve(name, kwargs, path, view):
    assert reverse(name, kwargs=kwargs) == path
    assert resolve(path).func.view_class is view
