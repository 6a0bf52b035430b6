from django.urls import path

from . import views

app_name = "treatments"

urlpatterns = [
    path("treatments/", views.TreatmentListView.as_view(), name="list"),
    path("treatments/<slug:slug>/", views.TreatmentDetailView.as_view(), name="detail"),
    path("conditions/<slug:slug>/", views.ConditionDetailView.as_view(), name="condition"),
]
