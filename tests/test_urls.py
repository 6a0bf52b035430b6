import pytest
from django.urls import resolve, reverse

from treatments import views


@pytest.mark.parametrize(
    ("name", "kwargs", "path", "view"),
    [
        ("home", {}, "/", views.HomeView),
        ("treatments:list", {}, "/treatments/", views.TreatmentListView),
        ("treatments:detail", {"slug": "sclero"}, "/treatments/sclero/", views.TreatmentDetailView),
        ("treatments:condition", {"slug": "spider-veins"}, "/conditions/spider-veins/", views.ConditionDetailView),
    ],
)
def test_urls_reverse_and_resolve(name, kwargs, path, view):
    assert reverse(name, kwargs=kwargs) == path
    assert resolve(path).func.view_class is view
